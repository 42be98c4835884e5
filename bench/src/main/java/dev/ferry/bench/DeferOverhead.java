package dev.ferry.bench;

import dev.ferry.bench.report.Comparison;
import dev.ferry.bench.report.Goal;
import dev.ferry.bench.report.Paired;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.Series;
import dev.ferry.cli.manifest.ManifestCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Benchmark 2, {@code defer}: what {@code ferry dbt parse --defer --schedule-name nightly} costs over
 * {@code dbt parse --defer --state <dir>} when the manifest is cached and the manifest service answers
 * 304. Both run as real processes with the real dbt of {@code .venv} on a copy of the example project,
 * with the same arguments as dbt sees them: the baseline's {@code --state} is the very folder Ferry's
 * cache hands to dbt, and both share the project's {@code target/} (partial parsing on, as a developer
 * has it), so dbt does the same work in both. The manifest is the project's own production manifest
 * ({@code dbt parse --target prod}), served by a real manifest service.
 */
final class DeferOverhead implements Benchmark {

  private static final String SCHEDULE = "nightly";
  private static final int WARMUPS = 2;

  @Override
  public String id() {
    return "defer";
  }

  @Override
  public int defaultRounds() {
    return 10;
  }

  @Override
  public Section run(BenchContext context) throws Exception {
    Path checkout = context.checkout();
    Path dbt = checkout.resolve(".venv/bin/dbt");
    if (!Files.isExecutable(dbt)) {
      throw new IllegalStateException("no " + dbt + "; scripts/setup installs dbt");
    }
    Path project = copyExampleProject(checkout, context.scratch());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = context.scratch().resolve("command.log");
    Map<String, String> env = new HashMap<>();
    env.put("JAFFLE_SHOP_DUCKDB_DIR", Files.createDirectories(context.scratch().resolve("warehouse")).toString());
    env.put("DBT_SEND_ANONYMOUS_USAGE_STATS", "false");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("FERRY_DBT", dbt.toString());
    env.put("FERRY_CACHE_DIR", context.scratch().resolve("cache").toString());
    new TimedCommand(List.of(dbt.toString(), "deps"), project, env, log).millis();
    new TimedCommand(List.of(dbt.toString(), "parse", "--target", "prod", "--target-path", "target-prod"), project, env,
        log).millis();

    try (ProductionManifests production = ProductionManifests.start()) {
      production.publish(SCHEDULE, project.resolve("target-prod/manifest.json"), context.scratch());
      env.put("FERRY_MANIFEST_URL", production.base().toString());
      Path stateDir = new ManifestCache(Path.of(env.get("FERRY_CACHE_DIR")))
          .scheduleDir(production.base(), ProductionManifests.WORKSPACE, SCHEDULE).resolve("latest");
      String ferry = checkout.resolve("ferry").toString();
      TimedCommand ferryParse = new TimedCommand(
          List.of(ferry, "dbt", "parse", "--defer", "--schedule-name", SCHEDULE), project, env, log);
      TimedCommand dbtParse = new TimedCommand(
          List.of(dbt.toString(), "parse", "--defer", "--state", stateDir.toString()), project, env, log);
      ferryParse.millis(); // the first run downloads the manifest (and writes the launcher's AppCDS archive)
      if (!Files.isRegularFile(stateDir.resolve("manifest.json"))) {
        throw new IllegalStateException("ferry did not cache the manifest in " + stateDir);
      }
      Paired.Result parse = Paired.measure(WARMUPS, context.rounds(), ferryParse::millis, dbtParse::millis);

      Map<String, String> noDbt = new HashMap<>(env);
      noDbt.put("FERRY_DBT", "/bin/true");
      TimedCommand ferryAlone = new TimedCommand(ferryParse.command(), project, noDbt, log);
      TimedCommand trueAlone = new TimedCommand(List.of("/bin/true"), project, env, log);
      int startRounds = Math.max(10, 2 * context.rounds());
      Paired.Result alone = Paired.measure(3, startRounds, ferryAlone::millis, trueAlone::millis);
      Paired.Result version = Paired.measure(3, startRounds,
          new TimedCommand(List.of(ferry, "--version"), project, env, log)::millis,
          new TimedCommand(List.of(java.toString(), "-version"), project, env, log)::millis);

      Series ferrySeries = Series.of("ferry dbt parse --defer --schedule-name", "ms", parse.subject());
      Series dbtSeries = Series.of("`dbt parse --defer --state <dir>`", "ms", parse.baseline());
      return new Section(id())
          .compare(Comparison.of("`ferry dbt parse --defer --schedule-name nightly`, warm cache (304)", ferrySeries,
              dbtSeries, Goal.atMost(1.05)))
          .compare(Comparison.of("`ferry --version`", Series.of("ferry --version", "ms", version.subject()),
              Series.of("`java -version` (the JVM floor)", "ms", version.baseline())))
          .figure(new Series("Ferry's overhead: ferry run minus dbt run, same round", "ms",
              IntStream.range(0, context.rounds()).mapToDouble(i -> parse.subject().get(i) - parse.baseline().get(i))
                  .toArray()))
          .figure(Series.of("warm defer path with `FERRY_DBT=/bin/true` (all of Ferry, no dbt)", "ms", alone.subject()))
          .figure(Series.of("`/bin/true` as a process (its baseline)", "ms", alone.baseline()))
          .fact("Project: examples/jaffle_shop (copied), dbt %s from .venv; production manifest of %d bytes from "
              + "`dbt parse --target prod`, served by a real manifest service (in-process Kafka and S3) that answers 304",
              dbtVersion(dbt), Files.size(stateDir.resolve("manifest.json")))
          .fact("Each parse round runs both commands back to back (alternating first) after %d warm-up pairs; "
              + "start-up figures: %d rounds after 3 warm-up pairs", WARMUPS, startRounds)
          .fact("`./ferry` as shipped: SerialGC, tiered JIT, its AppCDS archive (written by the first, unrecorded run)");
    }
  }

  /** examples/jaffle_shop and the local package it installs, copied so that dbt's files never land in the checkout. */
  private static Path copyExampleProject(Path checkout, Path scratch) throws IOException {
    copyTree(checkout.resolve("dbt-packages"), scratch.resolve("dbt-packages"));
    Path project = scratch.resolve("examples/jaffle_shop");
    copyTree(checkout.resolve("examples/jaffle_shop"), project);
    return project;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> skipped = Stream.of("target", "logs", "dbt_packages").map(from::resolve).toList();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (skipped.stream().anyMatch(file::startsWith)) {
          continue;
        }
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static String dbtVersion(Path dbt) {
    try (Stream<Path> dirs = Files.list(dbt.toRealPath().getParent().getParent().resolve("lib"))) {
      List<String> found = new ArrayList<>();
      for (Path python : dirs.toList()) {
        try (Stream<Path> infos = Files.list(python.resolve("site-packages"))) {
          infos.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("dbt_core-") && n.endsWith(".dist-info"))
              .map(n -> n.substring("dbt_core-".length(), n.length() - ".dist-info".length())).forEach(found::add);
        }
      }
      return found.isEmpty() ? "(unknown version)" : found.getFirst();
    } catch (IOException | UncheckedIOException e) {
      return "(unknown version)";
    }
  }
}
