package dev.ferry.scheduler.control;

import dev.ferry.events.RunCancelRequested;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The runs someone asked to cancel (every attempt: a person, a CI job, {@code concurrency:
 * replace}), from {@code ferry.run.control}, so that a cancelled run whose runner died ends
 * CANCELLED when it is found silent, not LOST, and is not retried. Cancels bounded to an attempt
 * are the scheduler's own, of a lost attempt, and are not kept. Safe for concurrent use.
 */
public final class CancelRequests {

  private final ConcurrentMap<String, String> requestedBy = new ConcurrentHashMap<>();

  public void record(RunCancelRequested cancel) {
    if (cancel.getAttempt() == null) {
      requestedBy.putIfAbsent(cancel.getRunId(), cancel.getRequestedBy());
    }
  }

  /** Who asked to cancel every attempt of the run, if someone did. */
  public Optional<String> requestedBy(String runId) {
    return Optional.ofNullable(requestedBy.get(runId));
  }
}
