package dev.ferry.scheduler.runs;

import dev.ferry.events.RunPhase;
import dev.ferry.events.Trigger;
import java.time.Instant;
import java.util.List;

/**
 * What is known of one run, folded from its events. Immutable: each event yields a new view.
 *
 * @param phase where the run is; moves only as {@link RunPhase#canMoveTo} allows
 */
public record RunView(
    String runId,
    String workspace,
    String schedule,
    Trigger trigger,
    int attempt,
    RunPhase phase,
    String requestedBy,
    Instant requestedAt,
    Instant scheduledTick,
    Instant startedAt,
    Instant finishedAt,
    Instant lastHeartbeatAt,
    String worker,
    String gitSha,
    String dbtVersion,
    String message,
    List<CommandOutcome> commands,
    List<Artifact> artifacts) {

  public RunView {
    commands = commands == null ? List.of() : List.copyOf(commands);
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
  }

  /**
   * The exit of one dbt command, with its run_results.json in brief.
   *
   * @param nodeStatuses nodes by status; empty when the command wrote no run_results.json
   * @param failures the nodes that ended error, fail or runtime error (at most 20)
   */
  public record CommandOutcome(List<String> args, int exitCode, long durationMillis,
      java.util.Map<String, Integer> nodeStatuses, List<NodeFailure> failures, int failuresOmitted) {}

  /** A node that failed, with dbt's message. */
  public record NodeFailure(String uniqueId, String status, String message) {}

  /**
   * One stored artifact of the run.
   *
   * @param sizeBytes size of the stored object
   * @param encoding {@code identity}, or {@code gzip} when the object is compressed
   * @param sha256 SHA-256 of the uncompressed bytes
   */
  public record Artifact(String name, String uri, long sizeBytes, String encoding, String sha256) {}
}
