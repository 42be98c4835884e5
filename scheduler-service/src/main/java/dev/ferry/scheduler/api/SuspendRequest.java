package dev.ferry.scheduler.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferry.schedules.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Body of {@code POST .../suspend}; every field is optional. Without {@code until} or {@code for}
 * the schedule stays suspended until resumed.
 *
 * @param until when the suspension ends by itself, ISO-8601 with an offset ({@code 2026-12-01T00:00:00Z})
 * @param duration ({@code for} on the wire) how long it lasts from now: {@code 2h}, {@code 1h30m}, {@code PT2H}
 * @param reason why, for people (shown by {@code GET} of the schedule)
 * @param requestedBy who suspends it
 */
record SuspendRequest(String until, @JsonProperty("for") String duration, String reason, String requestedBy) {

  private static final int MAX_REASON = 500;

  static SuspendRequest empty() {
    return new SuspendRequest(null, null, null, null);
  }

  /** The instant the suspension ends, or null for none; each bad field is an {@link InvalidFieldException}. */
  Instant end(Instant now) {
    if (until != null && duration != null) {
      throw new InvalidFieldException("for", "give until or for, not both");
    }
    if (duration != null) {
      Duration length = length();
      if (length.isZero() || length.isNegative()) {
        throw new InvalidFieldException("for", "must be longer than zero");
      }
      return now.plus(length);
    }
    if (until == null) {
      return null;
    }
    Instant end;
    try {
      end = OffsetDateTime.parse(until).toInstant();
    } catch (DateTimeException e) {
      throw new InvalidFieldException("until", "'" + until + "' is not an ISO-8601 time with an offset, e.g. 2026-12-01T00:00:00Z");
    }
    if (!end.isAfter(now)) {
      throw new InvalidFieldException("until", until + " has passed");
    }
    return end;
  }

  String checkedReason() {
    if (reason != null && reason.length() > MAX_REASON) {
      throw new InvalidFieldException("reason", "at most " + MAX_REASON + " characters");
    }
    return reason == null || reason.isBlank() ? null : reason.strip();
  }

  String requester() {
    return requestedBy == null || requestedBy.isBlank() ? "api" : requestedBy.strip();
  }

  private Duration length() {
    try {
      return duration.startsWith("P") || duration.startsWith("p") ? Duration.parse(duration) : Durations.parse(duration);
    } catch (DateTimeException | IllegalArgumentException e) {
      throw new InvalidFieldException("for", "'" + duration + "' is not a duration such as 30m, 2h, 1d or PT2H");
    }
  }
}
