package dev.ferry.scheduler.trigger;

import java.time.Instant;
import java.util.Locale;

/**
 * What the owner of a schedule decided about one cron tick: fired under {@code runId}, or skipped
 * for a reason. The last one of each schedule is kept on the compacted ticks topic, and is where
 * the next owner resumes.
 *
 * @param runId the run the tick requested; null when skipped
 * @param skipped why no run was requested; null when fired
 * @param firedAt when the owner decided it
 * @param firedBy the scheduler replica that decided it
 */
public record TickRecord(String workspace, String schedule, Instant tick, String runId, SkipReason skipped,
    Instant firedAt, String firedBy) {

  /** Why a tick requested no run; the lower-case name is the wire value and the metric's reason label. */
  public enum SkipReason {
    /** An earlier run was still in progress and the schedule says {@code concurrency: forbid}. */
    CONCURRENCY,
    /** Missed while no replica owned the schedule, and not fired by its {@code catch_up} policy. */
    CATCH_UP,
    /**
     * The newest tick before the schedule came into force (first owned without a record, added or
     * changed by a reload): not owed, recorded so that a later owner starts after it.
     */
    NEW_SCHEDULE,
    /** The schedule was suspended when the tick was due ({@code POST .../suspend}); recorded so a resume does not catch it up. */
    SUSPENDED,
    /** A reason written by a newer release. */
    OTHER;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static SkipReason ofLabel(String label) {
      for (SkipReason reason : values()) {
        if (reason.label().equals(label)) {
          return reason;
        }
      }
      return OTHER;
    }
  }

  public static TickRecord fired(String workspace, String schedule, Instant tick, String runId, Instant firedAt,
      String firedBy) {
    return new TickRecord(workspace, schedule, tick, runId, null, firedAt, firedBy);
  }

  public static TickRecord skipped(String workspace, String schedule, Instant tick, SkipReason reason,
      Instant firedAt, String firedBy) {
    return new TickRecord(workspace, schedule, tick, null, reason, firedAt, firedBy);
  }

  public boolean isFired() {
    return runId != null;
  }
}
