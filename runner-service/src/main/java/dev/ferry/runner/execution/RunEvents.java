package dev.ferry.runner.execution;

import java.time.Instant;
import java.util.List;

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
   * When this attempt of the run already completed (its request was delivered again after a
   * crash or a rebalance), publishes the recorded completion again and returns true; the run is
   * not executed twice.
   */
  boolean republishCompletion(RunRequest request) throws InterruptedException;
}
