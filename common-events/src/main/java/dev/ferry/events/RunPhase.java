package dev.ferry.events;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a run is in its life, with the table of moves that are allowed. Every service that folds
 * run events into a run's state goes through {@link #canMoveTo}, so that a late or duplicated
 * event can never move a finished run back.
 */
public enum RunPhase {
  REQUESTED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  TIMED_OUT,
  /** The worker stopped heartbeating; its real outcome, if it ever arrives, still wins. */
  LOST;

  private static final Set<RunPhase> ENDINGS = EnumSet.of(SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, LOST);

  private static final Map<RunPhase, Set<RunPhase>> ALLOWED = Map.of(
      REQUESTED, EnumSet.of(RUNNING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, LOST),
      RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, LOST),
      SUCCEEDED, EnumSet.noneOf(RunPhase.class),
      FAILED, EnumSet.noneOf(RunPhase.class),
      CANCELLED, EnumSet.noneOf(RunPhase.class),
      TIMED_OUT, EnumSet.noneOf(RunPhase.class),
      LOST, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, TIMED_OUT));

  public boolean isTerminal() {
    return ENDINGS.contains(this);
  }

  public boolean canMoveTo(RunPhase next) {
    return ALLOWED.get(this).contains(next);
  }

  /** The phase a run is in once it ended with {@code status}. */
  public static RunPhase of(RunStatus status) {
    return switch (status) {
      case SUCCEEDED -> SUCCEEDED;
      case FAILED -> FAILED;
      case CANCELLED -> CANCELLED;
      case TIMED_OUT -> TIMED_OUT;
      case LOST -> LOST;
    };
  }
}
