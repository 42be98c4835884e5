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
    Instant scheduledTick, String requestedBy, int attempt) {}
