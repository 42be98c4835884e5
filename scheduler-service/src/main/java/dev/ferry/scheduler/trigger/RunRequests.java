package dev.ferry.scheduler.trigger;

import dev.ferry.events.RunRequested;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What each run was asked to do: its latest RunRequested as it was written, and which fields a
 * trigger overrode (the {@value #OVERRIDES_HEADER} record header, so the event's schema stays as
 * it is). The API shows the {@link Requested} view; a retry copies the event itself, so that it
 * carries exactly what the first attempt carried (commands, ref, target, environment, overrides
 * of an API or CI run, fields added to the schema later) rather than what the schedule says now.
 * Rebuilt from {@code ferry.run.requested} at start, like the run history; safe for concurrent
 * readers and writers.
 */
@org.springframework.stereotype.Component
public final class RunRequests {

  /** Record header of a RunRequested that a trigger changed: the overridden fields, comma-separated. */
  public static final String OVERRIDES_HEADER = "ferry-overrides";

  /**
   * One run's request.
   *
   * @param commands the dbt command lines, each starting with {@code dbt}
   * @param gitRef the ref it checks out
   * @param pullRequest {@code provider #id} of a CI run, else null
   * @param overrides the fields a trigger changed from the schedule; empty for none
   */
  public record Requested(List<String> commands, String gitRef, String target, String deferTo, String pullRequest,
      List<String> overrides) {

    public Requested {
      commands = List.copyOf(commands);
      overrides = List.copyOf(overrides);
    }
  }

  private record Entry(RunRequested event, Requested view) {}

  private final ConcurrentMap<String, Entry> byRun = new ConcurrentHashMap<>();

  /**
   * Records a run's request; a later attempt replaces an earlier one, and keeps the overrides of
   * the first (a retry is a copy of it written without the header).
   */
  public void apply(RunRequested event, Requested view) {
    byRun.merge(event.getRunId(), new Entry(event, view), (known, fresh) -> {
      if (fresh.event().getAttempt() < known.event().getAttempt()) {
        return known;
      }
      if (fresh.view().overrides().isEmpty() && !known.view().overrides().isEmpty()) {
        Requested view1 = fresh.view();
        return new Entry(fresh.event(), new Requested(view1.commands(), view1.gitRef(), view1.target(),
            view1.deferTo(), view1.pullRequest(), known.view().overrides()));
      }
      return fresh;
    });
  }

  /** The API's view of the run's request. */
  public Optional<Requested> find(String runId) {
    return Optional.ofNullable(byRun.get(runId)).map(Entry::view);
  }

  /** The run's latest RunRequested, as written. */
  public Optional<RunRequested> event(String runId) {
    return Optional.ofNullable(byRun.get(runId)).map(Entry::event);
  }

  /** The header value for {@code overrides}, or null when a run overrode nothing. */
  public static byte[] header(List<String> overrides) {
    return overrides.isEmpty() ? null : String.join(",", overrides).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The overrides a header names; none for a missing header. */
  public static List<String> overrides(byte[] header) {
    if (header == null || header.length == 0) {
      return List.of();
    }
    return List.of(new String(header, java.nio.charset.StandardCharsets.UTF_8).split(","));
  }
}
