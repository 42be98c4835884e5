package dev.ferry.manifest.index;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads the timestamps dbt writes in artifact metadata. Versions differ: {@code
 * 2021-06-16T08:34:18.410075Z} (most), {@code 2021-10-12T02:03:51.251037+00:00} (0.20, 0.21); a
 * timestamp without an offset is taken as UTC, which is what dbt means by it.
 */
final class DbtTimestamps {

  private DbtTimestamps() {}

  /** The instant {@code text} names, or null when it is not an ISO-8601 date-time. */
  static Instant parse(String text) {
    String iso = text.strip().replace(' ', 'T');
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      try {
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notADateTime) {
        return null;
      }
    }
  }
}
