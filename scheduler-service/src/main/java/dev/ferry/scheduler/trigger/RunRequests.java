package dev.ferry.scheduler.trigger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What each run was asked to do, from its RunRequested: the commands, ref, target and defer target
 * it ran with, and which of them a trigger overrode (the {@value #OVERRIDES_HEADER} record header,
 * so the event's schema stays as it is). Rebuilt from {@code ferry.run.requested} at start, like the
 * run history; safe for concurrent readers and writers.
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

  private final ConcurrentMap<String, Requested> byRun = new ConcurrentHashMap<>();

  public void apply(String runId, Requested requested) {
    byRun.put(runId, requested);
  }

  public Optional<Requested> find(String runId) {
    return Optional.ofNullable(byRun.get(runId));
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
