package dev.ferry.bench;

import dev.ferry.bench.report.Section;

/**
 * One benchmark of {@code scripts/bench}: it measures a Ferry path and its baseline in the same run
 * and returns what it found as a {@link Section} of {@code docs/benchmarks.md}.
 */
public interface Benchmark {

  /** The name on the command line and in the report's markers: {@code freshness}, {@code herd}, … */
  String id();

  /** Rounds when {@code --rounds} is not given. */
  int defaultRounds();

  Section run(BenchContext context) throws Exception;
}
