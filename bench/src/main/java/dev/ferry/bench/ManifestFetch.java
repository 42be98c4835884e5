package dev.ferry.bench;

import dev.ferry.bench.report.Comparison;
import dev.ferry.bench.report.Goal;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.Series;
import dev.ferry.cli.CliContext;
import dev.ferry.cli.api.Service;
import dev.ferry.cli.manifest.CachedManifest;
import dev.ferry.cli.manifest.ManifestFetcher;
import dev.ferry.cli.manifest.ManifestQuery;
import dev.ferry.embedded.Folders;
import dev.ferry.testing.GeneratedManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Benchmark 3, {@code fetch}: the CLI's cold fetch of a large manifest (empty cache) against a raw
 * HTTP GET of the same stored object. The manifests are generated from a real corpus manifest, stored
 * gzip-compressed in S3 as the runner stores them, and indexed by a real manifest service. The CLI asks
 * the manifest service, which streams the stored gzip bytes from S3; it ends with a verified
 * (SHA-256 against the ETag), uncompressed {@code manifest.json} in its cache. The baselines GET the
 * object straight from S3 (a presigned URL): (a) its bytes to a file, as {@code curl -o} does, and
 * (b) the same, gunzipped on the way, which is the least a person needs to hand dbt a {@code --state}.
 * The goal is on (b). Measured twice: in this JVM (the CLI's fetch classes, warm JIT, against
 * {@link HttpURLConnection}) and as processes ({@code ./ferry state pull} against {@code curl}), so
 * that the JVM's start shows separately.
 */
final class ManifestFetch implements Benchmark {

  private static final String CORPUS_MANIFEST = "manifest__v12__jaffle_shop__manifest_1.11.json";
  private static final long[] SIZES_MB = {10, 100};
  private static final int WARMUPS = 2;
  private static final int BUFFER = 64 * 1024;

  @Override
  public String id() {
    return "fetch";
  }

  @Override
  public int defaultRounds() {
    return 10;
  }

  @Override
  public Section run(BenchContext context) throws Exception {
    Path scratch = context.scratch();
    GeneratedManifest generator = GeneratedManifest.basedOn(context.corpusFile(CORPUS_MANIFEST));
    Section section = new Section(id());
    try (ProductionManifests production = ProductionManifests.start()) { // Bench deletes the scratch folder
      for (long mb : SIZES_MB) {
        Path manifest = scratch.resolve("manifest-" + mb + "mb.json");
        try (OutputStream out = Files.newOutputStream(manifest)) {
          generator.writeTo(out, mb * 1_000_000, 0);
        }
        ProductionManifests.Published published = production.publish("large-" + mb + "mb", manifest, scratch);
        Files.delete(manifest);
        measure(context, production, published, mb + " MB", section);
        section.fact("%d MB: %d bytes of manifest, %d stored (gzip, %.1f×)", mb, published.bytes(),
            published.storedBytes(), (double) published.bytes() / published.storedBytes());
      }
    }
    return section
        .fact("Generated from the corpus's `%s` (its nodes repeated), stored as the runner stores it, indexed by a "
            + "real manifest service on in-process Kafka and S3 (S3Proxy), all on loopback", CORPUS_MANIFEST)
        .fact("Each round measures the CLI and both baselines one after the other, in an order that rotates; "
            + "%d unrecorded warm-up rounds first; the cache is emptied before every CLI fetch, outside the timing",
            WARMUPS);
  }

  private void measure(BenchContext context, ProductionManifests production, ProductionManifests.Published published,
      String size, Section section) throws Exception {
    Path scratch = context.scratch();
    Path cache = scratch.resolve("cache");
    Path raw = scratch.resolve("raw.json.gz");
    Path gunzipped = scratch.resolve("gunzipped.json");
    URI object = production.presigned(published);
    CliContext cli = new CliContext(Map.of("FERRY_CACHE_DIR", cache.toString(), "FERRY_PROGRESS", "never"),
        scratch, scratch, Clock.systemUTC(), false);
    Service service = new Service(production.base(), null);
    Timed inProcessCli = () -> {
      Folders.deleteRecursively(cache);
      long started = System.nanoTime();
      CachedManifest fetched = ManifestFetcher.forUser(cli, new PrintWriter(new StringWriter()))
          .fetch(service, ProductionManifests.WORKSPACE, ManifestQuery.latest(published.schedule()));
      double millis = (System.nanoTime() - started) / 1e6;
      if (Files.size(fetched.manifestFile()) != published.bytes()) {
        throw new IllegalStateException("the CLI fetched " + Files.size(fetched.manifestFile()) + " bytes, not "
            + published.bytes());
      }
      return millis;
    };
    Timed rawGet = () -> get(object, raw, false);
    Timed rawGunzip = () -> get(object, gunzipped, true);
    Timed throughService = () -> get(production.manifestUri(published.schedule()), raw, false);
    List<List<Double>> inProcess = rounds(context.rounds(), inProcessCli, rawGet, rawGunzip, throughService);
    compare(section, "in-process fetch, " + size, inProcess, "`ManifestFetcher`, empty cache", true);
    section.figure(Series.of("in-process, " + size + ": GET of the same gzip bytes through the manifest service, to a "
        + "file (the service's part of the CLI's time)", "ms", inProcess.get(3)));

    Path log = scratch.resolve("command.log");
    Path pulled = scratch.resolve("pulled");
    Map<String, String> env = Map.of("FERRY_MANIFEST_URL", production.base().toString(), "FERRY_CACHE_DIR",
        cache.toString(), "FERRY_PROGRESS", "never", "JAVA_HOME", System.getProperty("java.home"));
    TimedCommand pull = new TimedCommand(List.of(context.checkout().resolve("ferry").toString(), "state", "pull",
        "--schedule-name", published.schedule(), "--dir", pulled.toString()), scratch, env, log);
    TimedCommand curl = new TimedCommand(List.of("curl", "-sSf", "-o", raw.toString(), object.toString()), scratch,
        env, log);
    List<List<Double>> processes = rounds(context.rounds(), () -> {
      Folders.deleteRecursively(cache);
      return pull.millis();
    }, curl::millis, () -> TimedCommand.pipeline(List.of("curl", "-sSf", object.toString()), List.of("gunzip"),
        gunzipped, log));
    compare(section, "`ferry state pull`, " + size, processes, "`ferry state pull`, empty cache", false);
  }

  /** The goal is on (b) in this JVM only: as processes, the JVM's start is a fixed cost that curl does not have. */
  private static void compare(Section section, String figure, List<List<Double>> rounds, String subject,
      boolean withGoal) {
    Series cli = Series.of(subject, "ms", rounds.get(0));
    section.compare(Comparison.of(figure + " vs (a) raw GET", cli,
        Series.of("(a) GET of the stored gzip object to a file", "ms", rounds.get(1))));
    Series gunzipped = Series.of("(b) GET + gunzip to a file", "ms", rounds.get(2));
    section.compare(withGoal ? Comparison.of(figure + " vs (b) raw GET + gunzip", cli, gunzipped, Goal.atMost(1.2))
        : Comparison.of(figure + " vs (b) raw GET + gunzip", cli, gunzipped));
  }

  /** One timed run, in milliseconds. */
  @FunctionalInterface
  private interface Timed {
    double millis() throws Exception;
  }

  /** Every measurement once a round, starting with a different one each round; warm-up rounds first. */
  private static List<List<Double>> rounds(int rounds, Timed... measurements) throws Exception {
    List<List<Double>> results = new ArrayList<>();
    for (Timed ignored : measurements) {
      results.add(new ArrayList<>());
    }
    for (int round = -WARMUPS; round < rounds; round++) {
      for (int k = 0; k < measurements.length; k++) {
        int which = Math.floorMod(round + k, measurements.length);
        double millis = measurements[which].millis();
        if (round >= 0) {
          results.get(which).add(millis);
        }
      }
    }
    return results;
  }

  /** A plain GET of {@code uri} into {@code file}, gunzipped on the way when asked. */
  private static double get(URI uri, Path file, boolean gunzip) throws IOException {
    long started = System.nanoTime();
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setRequestProperty("Accept-Encoding", "gzip"); // S3 ignores it; the service then sends the stored bytes
    try (InputStream body = connection.getInputStream();
        InputStream in = gunzip ? new GZIPInputStream(body, BUFFER) : body;
        OutputStream out = Files.newOutputStream(file)) {
      if (connection.getResponseCode() != 200) {
        throw new IllegalStateException(uri + " answered " + connection.getResponseCode());
      }
      byte[] buffer = new byte[BUFFER];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
      }
    }
    return (System.nanoTime() - started) / 1e6;
  }

}
