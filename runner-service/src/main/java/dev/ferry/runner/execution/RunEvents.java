package dev.ferry.runner.execution;

import java.time.Instant;

/** Where the executor reports a run's life; Kafka in the service, a list in unit tests. */
public interface RunEvents {

  void started(RunRequest request, Instant startedAt, String gitSha);

  void heartbeat(RunRequest request, Instant at);

  /** Returns once the completion is durable; throws when it could not be published. */
  void completed(RunRequest request, RunOutcome outcome);
}
