package dev.ferry.cli;

import java.time.Duration;

/** Durations as people say them: "42 s", "3 min", "5 h", "2 days". */
public final class Ages {

  private Ages() {}

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
}
