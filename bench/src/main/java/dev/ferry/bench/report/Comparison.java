package dev.ferry.bench.report;

import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A figure against its baseline, both measured in the same rounds of the same run: round
 * {@code i} measured the baseline and the subject back to back, so the per-round ratio
 * {@code subject[i] / baseline[i]} cancels most of what a shared, noisy machine does to both.
 * The ratio reported is the median of those per-round ratios, with their range.
 */
public record Comparison(String figure, Series subject, Series baseline, Optional<Goal> goal) {

  public Comparison {
    if (subject.rounds() != baseline.rounds()) {
      throw new IllegalArgumentException(figure + ": " + subject.rounds() + " rounds of the subject but "
          + baseline.rounds() + " of the baseline; they must be measured in pairs");
    }
  }

  public static Comparison of(String figure, Series subject, Series baseline) {
    return new Comparison(figure, subject, baseline, Optional.empty());
  }

  public static Comparison of(String figure, Series subject, Series baseline, Goal goal) {
    return new Comparison(figure, subject, baseline, Optional.of(goal));
  }

  public Series ratios() {
    return new Series(figure, "×", IntStream.range(0, subject.rounds())
        .mapToDouble(i -> subject.values()[i] / baseline.values()[i]).toArray());
  }

  public double ratio() {
    return ratios().median();
  }

  /** "meets" or "short of" the goal, judged on the median ratio; empty without a goal. */
  public Optional<Boolean> meetsGoal() {
    return goal.map(g -> g.metBy(ratio()));
  }
}
