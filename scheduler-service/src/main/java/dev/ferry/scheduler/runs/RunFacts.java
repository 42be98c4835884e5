package dev.ferry.scheduler.runs;

import dev.ferry.events.RunStatus;
import dev.ferry.events.Trigger;
import java.time.Instant;
import java.util.List;

/** The facts the scheduler learns about runs, one record per event type, free of Avro. */
public final class RunFacts {

  private RunFacts() {}

  /** A run was asked for. */
  public record Requested(String runId, String workspace, String schedule, Trigger trigger, int attempt,
      String requestedBy, Instant requestedAt, Instant scheduledTick) {}

  /** A worker started it. */
  public record Started(String runId, String workspace, String schedule, int attempt, Instant startedAt,
      String worker, String gitSha) {}

  /** Its worker is alive. */
  /** A run alive on its worker; {@code attempt} is null from runners that do not say it. */
  public record Heartbeat(String runId, String workspace, String schedule, Instant at, String worker, Integer attempt) {}

  /** It ended. */
  public record Completed(String runId, String workspace, String schedule, Trigger trigger, int attempt,
      RunStatus status, Instant startedAt, Instant finishedAt, String gitSha, String dbtVersion, String message,
      String worker, List<RunView.CommandOutcome> commands, List<RunView.Artifact> artifacts) {}
}
