package dev.ferry.bench.report;

/**
 * What a ratio has to reach: at most {@code limit} for a cost (time, bytes), at least
 * {@code limit} for a rate (throughput).
 */
public record Goal(Direction direction, double limit) {

  public enum Direction { AT_MOST, AT_LEAST }

  public static Goal atMost(double limit) {
    return new Goal(Direction.AT_MOST, limit);
  }

  public static Goal atLeast(double limit) {
    return new Goal(Direction.AT_LEAST, limit);
  }

  public boolean metBy(double ratio) {
    return direction == Direction.AT_MOST ? ratio <= limit : ratio >= limit;
  }

  public String text() {
    return (direction == Direction.AT_MOST ? "≤ " : "≥ ") + Numbers.ratio(limit);
  }
}
