package dev.ferry.bench.report;

import java.util.Arrays;
import java.util.List;

/**
 * Measurements of one quantity, one value per round, in {@code unit}: summarised by the median
 * and the spread (min to max) so that a reader sees how noisy the machine was.
 */
public record Series(String name, String unit, double[] values) {

  public Series {
    if (values.length == 0) {
      throw new IllegalArgumentException(name + ": no measurements");
    }
    values = values.clone();
  }

  public static Series of(String name, String unit, List<? extends Number> values) {
    return new Series(name, unit, values.stream().mapToDouble(Number::doubleValue).toArray());
  }

  public int rounds() {
    return values.length;
  }

  public double median() {
    return percentile(50);
  }

  public double min() {
    return Arrays.stream(values).min().orElseThrow();
  }

  public double max() {
    return Arrays.stream(values).max().orElseThrow();
  }

  /** The nearest-rank percentile, {@code p} in 0..100 (the median of an even count is the mean of the middle two). */
  public double percentile(double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    if (p == 50 && sorted.length % 2 == 0) {
      return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** "412 ms (380–530)": the median and, in brackets, the range. */
  public String summary() {
    return Numbers.format(median()) + " " + unit + " (" + Numbers.format(min()) + "–" + Numbers.format(max()) + ")";
  }
}
