package dev.ferry.scheduler.lifecycle;

import dev.ferry.events.RunRequested;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The latest RunRequested of each run, as it was written, so that a retry carries exactly what the
 * first attempt carried (commands, ref, target, environment, overrides of an API or CI run, fields
 * added to the schema later) rather than what the schedule says now. Kept as the Avro record on
 * purpose: a copy through domain records would drop what they do not model. Fed by the replay of
 * {@code ferry.run.requested}; safe for concurrent use.
 */
public final class RequestedRuns {

  private final ConcurrentMap<String, RunRequested> latest = new ConcurrentHashMap<>();

  public void remember(RunRequested request) {
    latest.merge(request.getRunId(), request, (known, fresh) -> fresh.getAttempt() >= known.getAttempt() ? fresh : known);
  }

  public Optional<RunRequested> find(String runId) {
    return Optional.ofNullable(latest.get(runId));
  }
}
