package dev.ferry.bench;

import dev.ferry.bench.indexing.Indexing;
import dev.ferry.bench.report.BenchmarksDoc;
import dev.ferry.bench.report.Comparison;
import dev.ferry.bench.report.Machine;
import dev.ferry.bench.report.Numbers;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.serde.Serde;
import dev.ferry.embedded.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The entry point of {@code scripts/bench}: runs the named benchmarks (all when none is named) one
 * after the other, prints each one's figures, and with {@code --write FILE} puts them into their
 * sections of {@code docs/benchmarks.md} together with the command, the commit and the machine.
 *
 * <p>Usage: {@code Bench [--rounds N] [--write docs/benchmarks.md | --no-write] [id ...]}; {@code --list}
 * names them. {@code scripts/bench} passes {@code --write docs/benchmarks.md}.
 */
public final class Bench {

  private static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

  static {
    for (Benchmark benchmark : List.<Benchmark>of(
        new Freshness(),
        new DeferOverhead(),
        new ManifestFetch(),
        new Indexing(),
        new SchedulerHerd(),
        new RunnerOverhead(),
        new Serde())) {
      BENCHMARKS.put(benchmark.id(), benchmark);
    }
  }

  private Bench() {}

  public static void main(String[] args) throws Exception {
    int rounds = 0;
    Path write = null;
    boolean noWrite = false;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--write" -> write = Path.of(args[++i]);
        case "--no-write" -> noWrite = true;
        case "--list" -> {
          BENCHMARKS.keySet().forEach(System.out::println);
          return;
        }
        default -> {
          if (!BENCHMARKS.containsKey(args[i])) {
            System.err.println("bench: no benchmark '" + args[i] + "'; there are " + BENCHMARKS.keySet());
            System.exit(2);
          }
          ids.add(args[i]);
        }
      }
    }
    if (ids.isEmpty()) {
      ids.addAll(BENCHMARKS.keySet());
    }
    Path checkout = Path.of(System.getProperty("ferry.checkout", ".")).toAbsolutePath().normalize();
    Path corpus = Path.of(System.getProperty("ferry.corpus", checkout.resolve("../shared/corpus").toString()))
        .toAbsolutePath().normalize();
    if (noWrite) {
      write = null;
    }
    String machine = Machine.describe();
    System.out.println("machine: " + machine);
    List<String> missed = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (String id : ids) {
      Benchmark benchmark = BENCHMARKS.get(id);
      Path scratch = Files.createTempDirectory("ferry-bench-" + id + "-");
      int n = rounds > 0 ? rounds : benchmark.defaultRounds();
      double loadBefore = Machine.loadAverage();
      long started = System.nanoTime();
      System.out.printf("%n== %s: %d rounds%n", id, n);
      Section section;
      try {
        section = benchmark.run(new BenchContext(checkout, corpus, scratch, n));
      } catch (Exception | AssertionError e) {
        // one broken benchmark must not cost the figures of the others; its section is left as it was
        e.printStackTrace();
        failed.add(id + ": " + e);
        continue;
      } finally {
        Folders.deleteRecursively(scratch); // large generated inputs, hundreds of MB
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      String header = String.format(Locale.ROOT,
          "Measured by `%s` on %s at commit %s, %d rounds, %d s.%nMachine: %s; load average %s before, %s after.%n%n",
          "scripts/bench " + (rounds > 0 ? "--rounds " + rounds + " " : "") + id,
          ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
          commit(checkout), n, seconds, machine, Numbers.format(loadBefore), Numbers.format(Machine.loadAverage()));
      String block = header + section.markdown();
      System.out.println(block);
      for (Comparison c : section.shortOfGoal()) {
        missed.add(id + ": " + c.figure() + " at " + Numbers.ratio(c.ratio()) + ", goal " + c.goal().orElseThrow().text());
      }
      if (write != null && !new BenchmarksDoc(write).write(id, block)) {
        System.out.println("bench: " + write + " had no section for " + id + "; appended one at the end");
      }
    }
    missed.forEach(m -> System.out.println("short of goal: " + m));
    failed.forEach(f -> System.out.println("failed: " + f));
    System.exit(failed.isEmpty() ? 0 : 1); // in-process brokers and Spring contexts leave non-daemon threads behind
  }

  private static String commit(Path checkout) {
    try {
      String head = run(checkout, "git", "rev-parse", "--short", "HEAD");
      return head + (run(checkout, "git", "status", "--porcelain", "--untracked-files=no", "--", ".",
          ":!docs/benchmarks.md").isEmpty() ? "" : " (with local changes)");
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
  }

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes()).strip();
    return process.waitFor() == 0 ? out : "unknown";
  }
}
