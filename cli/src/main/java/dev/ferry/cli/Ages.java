package dev.ferry.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people say and write them: "42 s", "3h 12m"; {@code 90m}, {@code 6h}, {@code 2d}, {@code PT6H}. */
public final class Ages {

  private static final Pattern SHORT = Pattern.compile("(\\d+)([smhd])");

  private Ages() {}

  /** Coarse: "42 s", "3 min", "5 h", "2 days". */
  public static String describe(Duration age) {
    long seconds = Math.max(0, age.toSeconds());
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min";
    }
    if (seconds < 48 * 3600) {
      return seconds / 3600 + " h";
    }
    return seconds / 86400 + " days";
  }

  /** Two units at most: "42s", "12m 5s", "3h 12m", "2d 3h". */
  public static String compact(Duration age) {
    long s = Math.max(0, age.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
    }
    if (s < 86400) {
      return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + "m");
    }
    return s / 86400 + "d" + (s % 86400 / 3600 == 0 ? "" : " " + s % 86400 / 3600 + "h");
  }

  /**
   * A duration as written on a command line: {@code 90m}, {@code 6h}, {@code 2d}, {@code 1h30m}, {@code 45s},
   * or ISO-8601 such as {@code PT6H} or {@code P1D}.
   *
   * @throws IllegalArgumentException when it is none of these, or not positive
   */
  public static Duration parse(String text) {
    Duration duration;
    String trimmed = text.strip();
    if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
      try {
        duration = Duration.parse(trimmed);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as PT6H");
      }
    } else {
      Matcher m = SHORT.matcher(trimmed);
      duration = Duration.ZERO;
      int end = 0;
      while (m.find() && m.start() == end) {
        long n = Long.parseLong(m.group(1));
        duration = duration.plus(switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        });
        end = m.end();
      }
      if (end == 0 || end != trimmed.length()) {
        throw new IllegalArgumentException("'" + text + "' is not a duration such as 90m, 6h, 2d or PT6H");
      }
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("'" + text + "' is not a positive duration");
    }
    return duration;
  }
}
