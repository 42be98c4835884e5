package dev.ferry.scheduler.lifecycle;

import dev.ferry.events.ArtifactsKept;
import dev.ferry.events.RunPhase;
import dev.ferry.scheduler.runs.RunView;
import dev.ferry.schedules.Schedule;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * The rules of a run's end: which endings are retried (FAILED, TIMED_OUT, LOST; never CANCELLED
 * or SUCCEEDED), while attempts are left under the schedule's {@code retries.count}, after the same
 * {@code retries.backoff} each time; and when an ending is the run's final outcome.
 */
public final class RunOutcomes {

  private static final Set<RunPhase> RETRYABLE = EnumSet.of(RunPhase.FAILED, RunPhase.TIMED_OUT, RunPhase.LOST);

  private RunOutcomes() {}

  /** Whether the run failed in a way a notification calls a failure: FAILED, TIMED_OUT or LOST. */
  public static boolean isFailure(RunPhase phase) {
    return RETRYABLE.contains(phase);
  }

  /**
   * Whether the run ended FAILED only because its runner could not store the artifacts: they are
   * kept, and a second completion of this attempt brings dbt's real outcome ({@link ArtifactsKept}).
   */
  public static boolean awaitsOwedOutcome(RunView run) {
    return run.phase() == RunPhase.FAILED && ArtifactsKept.in(run.message());
  }

  /** Whether the run ended in a way that a new attempt may fix and its schedule has attempts left. */
  public static boolean willRetry(RunView run, Schedule schedule) {
    return schedule != null && run.phase().isTerminal() && RETRYABLE.contains(run.phase())
        && !awaitsOwedOutcome(run) && run.attempt() <= schedule.retries().count();
  }

  /** When the next attempt of a run that {@link #willRetry} is due: its end plus the schedule's backoff. */
  public static Instant retryDueAt(RunView run, Schedule schedule) {
    return run.finishedAt().plus(schedule.retries().backoff());
  }

  /** Whether the run has ended for good: it ended and no retry follows. */
  public static boolean isFinal(RunView run, Schedule schedule) {
    return run.phase().isTerminal() && !awaitsOwedOutcome(run) && !willRetry(run, schedule);
  }
}
