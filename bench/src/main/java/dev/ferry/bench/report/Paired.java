package dev.ferry.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures a subject and its baseline in pairs: after {@code warmups} unrecorded pairs, each round
 * runs both back to back, alternating which goes first so that neither always gets the warmer (or
 * the busier) moment.
 */
public final class Paired {

  /** One measurement, in the unit of the series it goes into. */
  @FunctionalInterface
  public interface Measurement {
    double measure() throws Exception;
  }

  public record Result(List<Double> subject, List<Double> baseline) {}

  private Paired() {}

  public static Result measure(int warmups, int rounds, Measurement subject, Measurement baseline) throws Exception {
    for (int i = 0; i < warmups; i++) {
      baseline.measure();
      subject.measure();
    }
    List<Double> subjects = new ArrayList<>();
    List<Double> baselines = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      if (i % 2 == 0) {
        baselines.add(baseline.measure());
        subjects.add(subject.measure());
      } else {
        subjects.add(subject.measure());
        baselines.add(baseline.measure());
      }
    }
    return new Result(subjects, baselines);
  }
}
