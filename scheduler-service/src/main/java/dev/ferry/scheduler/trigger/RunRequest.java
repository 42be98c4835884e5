package dev.ferry.scheduler.trigger;

import dev.ferry.events.Trigger;
import dev.ferry.schedules.Schedule;
import java.time.Instant;

/**
 * A decision to run a schedule once.
 *
 * @param scheduledTick the nominal cron tick for scheduler runs, else null
 */
public record RunRequest(String runId, Schedule schedule, Trigger trigger, Instant requestedAt,
    Instant scheduledTick, String requestedBy, int attempt) {

  /** The run of a cron tick, under the run id derived from the tick, so that a double fire is one run. */
  public static RunRequest forTick(Schedule schedule, Instant tick, Instant requestedAt) {
    return new RunRequest(TickRunIds.forTick(schedule.workspace(), schedule.name(), tick), schedule,
        Trigger.SCHEDULER, requestedAt, tick, "scheduler", 1);
  }
}
