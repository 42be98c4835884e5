package dev.ferry.scheduler.suspend;

import java.time.Instant;

/** What firing asks before it fires a tick: is the schedule suspended at that moment? */
@FunctionalInterface
public interface SuspensionCheck {

  /** Nothing is ever suspended: for firing set up without suspensions (benchmarks, tests of other rules). */
  SuspensionCheck NONE = (workspace, schedule, at) -> false;

  boolean isSuspended(String workspace, String schedule, Instant at);
}
