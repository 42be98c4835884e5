package dev.ferry.bench.report;

import java.util.Locale;

/** Formats figures with as many digits as they deserve: 1234, 123, 12.3, 1.23, 0.123. */
public final class Numbers {

  private Numbers() {}

  public static String format(double value) {
    double magnitude = Math.abs(value);
    String pattern = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
    return String.format(Locale.ROOT, pattern, value);
  }

  /** "1.23×". */
  public static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2f×", value);
  }
}
