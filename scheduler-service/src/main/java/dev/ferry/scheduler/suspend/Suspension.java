package dev.ferry.scheduler.suspend;

import java.time.Instant;

/**
 * A schedule whose cron ticks are skipped while it lasts.
 *
 * @param until when it ends by itself, or null until a resume
 * @param reason why, for people; may be null
 */
public record Suspension(String workspace, String schedule, Instant suspendedAt, Instant until, String reason,
    String requestedBy) {

  /** Whether it holds at {@code at}: it ends at {@code until}, so a tick due exactly then fires. */
  public boolean holdsAt(Instant at) {
    return until == null || at.isBefore(until);
  }
}
