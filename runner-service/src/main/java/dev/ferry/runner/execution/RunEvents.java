package dev.ferry.runner.execution;

import java.time.Instant;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where the executor reports a run's life; Kafka (and S3 for the completion record) in the service. */
public interface RunEvents {

  void started(RunRequest request, Instant startedAt, String gitSha);

  void heartbeat(RunRequest request, Instant at);

  /** Publishes lines of a live run's log, numbered from {@code firstLine}; best effort, never blocks the run. */
  void logLines(RunRequest request, long firstLine, List<String> lines, Instant at);

  /**
   * Records the completion durably, then publishes it; returns only once both are done, retrying
   * while Kafka or S3 is away. Interrupted when the runner stops.
   */
  void completed(RunRequest request, RunOutcome outcome) throws InterruptedException;

  /**
   * Publishes the completion of a run whose artifacts the store would not take, without the
   * record {@link #completed} keeps in the store (it is away), and then leaves in {@code runDir}
   * the completion the run still owes: {@code owed}, with the {@code files} (under {@code runDir})
   * as its artifacts once they are stored, which the kept-run sweep does when the store is back.
   */
  void completedWithArtifactsKept(RunRequest request, RunOutcome failed, RunOutcome owed, Path runDir,
      Map<String, Path> files) throws InterruptedException;

  /** Whether {@code runDir} holds a completion its run still owes, which the kept-run sweep publishes. */
  boolean owesCompletion(Path runDir);

  /**
   * When this attempt of the run already completed (its request was delivered again after a
   * crash or a rebalance), publishes the recorded completion again and returns true; the run is
   * not executed twice.
   */
  boolean republishCompletion(RunRequest request) throws InterruptedException;
}
