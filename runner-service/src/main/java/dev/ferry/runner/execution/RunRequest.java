package dev.ferry.runner.execution;

import dev.ferry.events.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A run to execute, as the runner understands it.
 *
 * @param commands dbt argument lists without the leading {@code dbt}
 * @param timeout the run's wall-clock limit, or null for the runner's default
 */
public record RunRequest(
    String runId,
    String workspace,
    String schedule,
    Trigger trigger,
    int attempt,
    Instant requestedAt,
    List<List<String>> commands,
    Project project,
    String target,
    String profile,
    Duration timeout,
    String requestedBy) {

  public RunRequest {
    commands = commands.stream().map(List::copyOf).toList();
  }

  /** A git repository (URL or absolute path), the ref to check out, and the dbt project's folder in it. */
  public record Project(String repository, String ref, String subdirectory) {}

  /** Workspace and schedule, as log lines name a run. */
  public String scheduleKey() {
    return workspace + "/" + schedule;
  }
}
