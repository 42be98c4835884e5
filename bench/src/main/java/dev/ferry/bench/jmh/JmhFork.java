package dev.ferry.bench.jmh;

import dev.ferry.bench.report.Paired;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs one JMH benchmark method in one fork of its own and returns its score, so that a benchmark
 * can measure a subject and its baseline in {@link Paired} rounds: each round runs the two forks
 * back to back, alternating which goes first, and their scores make one per-round ratio.
 */
public final class JmhFork {

  private JmhFork() {}

  /**
   * Measures {@code subject} and {@code baseline}, methods of {@code benchmarks}, with the same
   * {@code params} in {@code rounds} pairs of forks; {@code common} holds the iterations and modes.
   */
  public static Paired.Result paired(int rounds, Options common, Class<?> benchmarks, String subject, String baseline,
      Map<String, String> params) throws Exception {
    return Paired.measure(0, rounds, () -> score(common, benchmarks, subject, params),
        () -> score(common, benchmarks, baseline, params));
  }

  /** The primary score of {@code method} with {@code params}, in one fork, in the benchmark's own unit. */
  public static double score(Options common, Class<?> benchmarks, String method, Map<String, String> params)
      throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder().parent(common)
        .include("^" + benchmarks.getName().replace(".", "\\.") + "\\." + method + "$")
        .forks(1)
        .shouldFailOnError(true);
    params.forEach(options::param);
    Collection<RunResult> results = new Runner(options.build()).run();
    if (results.size() != 1) {
      throw new IllegalStateException("expected one JMH result of " + method + new TreeMap<>(params) + ", got " + results.size());
    }
    double score = results.iterator().next().getPrimaryResult().getScore();
    System.out.printf("-- %s %s: %s%n", method, new TreeMap<>(params), score);
    return score;
  }
}
