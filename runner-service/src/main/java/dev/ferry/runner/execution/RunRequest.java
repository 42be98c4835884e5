package dev.ferry.runner.execution;

import dev.ferry.events.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run to execute, as the runner understands it.
 *
 * @param commands the dbt commands, in order
 * @param timeout the run's wall-clock limit, or null for the runner's default
 * @param environment the schedule's extra environment variables
 * @param secretEnvironment variables whose values are secrets of this runner: variable name to secret name
 * @param deferTo the schedule whose latest manifest the run's dbt gets as its state, or null
 * @param runtimeVariableAliases extra sets of runtime variables: {@code paradime}, {@code dbt_cloud}
 * @param pullRequest for CI runs, the request that asked; otherwise null
 */
public record RunRequest(
    String runId,
    String workspace,
    String schedule,
    Trigger trigger,
    int attempt,
    Instant requestedAt,
    List<Command> commands,
    Project project,
    String target,
    String profile,
    Duration timeout,
    String requestedBy,
    Map<String, String> environment,
    Map<String, String> secretEnvironment,
    String deferTo,
    List<String> runtimeVariableAliases,
    PullRequest pullRequest) {

  public RunRequest {
    commands = List.copyOf(commands);
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    secretEnvironment = secretEnvironment == null ? Map.of() : Map.copyOf(secretEnvironment);
    runtimeVariableAliases = runtimeVariableAliases == null ? List.of() : List.copyOf(runtimeVariableAliases);
  }

  /**
   * One dbt command.
   *
   * @param args the argument list, without the leading {@code dbt}
   * @param continueOnFailure whether the run goes on with the next command when this one fails
   */
  public record Command(List<String> args, boolean continueOnFailure) {
    public Command {
      args = List.copyOf(args);
    }
  }

  /** The pull or merge request a CI run was asked for: provider github, gitlab, azure or other. */
  public record PullRequest(String provider, String id, String branch) {}

  /** A git repository (URL or absolute path), the ref to check out, and the dbt project's folder in it. */
  public record Project(String repository, String ref, String subdirectory) {}

  /** Workspace and schedule, as log lines name a run. */
  public String scheduleKey() {
    return workspace + "/" + schedule;
  }
}
