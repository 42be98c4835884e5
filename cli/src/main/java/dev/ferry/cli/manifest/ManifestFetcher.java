package dev.ferry.cli.manifest;

import static dev.ferry.events.ManifestHeaders.DBT_VERSION;
import static dev.ferry.events.ManifestHeaders.FINISHED_AT;
import static dev.ferry.events.ManifestHeaders.GENERATED_AT;
import static dev.ferry.events.ManifestHeaders.GIT_SHA;
import static dev.ferry.events.ManifestHeaders.RUN_ID;
import static dev.ferry.events.ManifestHeaders.RUN_STATUS;
import static dev.ferry.events.ManifestHeaders.SCHEMA_VERSION;

import dev.ferry.cli.Ages;
import dev.ferry.cli.CliContext;
import dev.ferry.cli.CliException;
import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.api.FerryHttp;
import dev.ferry.cli.api.HttpGet;
import dev.ferry.cli.api.Service;
import dev.ferry.events.SafeNames;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Gets the manifest a schedule defers to, as cheaply as possible: a pinned run's manifest straight
 * from the cache with no request; the latest one revalidated with {@code If-None-Match} (a 304 moves
 * no bytes); downloaded gzip-compressed when it changed; and taken from the cache, with a warning
 * saying how old it is, when the service cannot be reached or fails.
 */
public final class ManifestFetcher {

  /** How long to wait for the service's answer before using the cache. */
  public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(15);
  private static final int BUFFER = 64 * 1024;

  private final Duration connectTimeout;
  private final ManifestCache cache;
  private final Clock clock;
  private final PrintWriter err;
  private final boolean progress;
  private final Duration responseTimeout;

  /**
   * @param connectTimeout how long to wait for a connection before using the cache
   * @param progress whether a large download may draw a progress line on {@code err}
   * @param responseTimeout how long to wait for the answer, and then for each read of its body, before using the cache
   */
  public ManifestFetcher(Duration connectTimeout, ManifestCache cache, Clock clock, PrintWriter err, boolean progress,
      Duration responseTimeout) {
    this.connectTimeout = connectTimeout;
    this.cache = cache;
    this.clock = clock;
    this.err = err;
    this.progress = progress;
    this.responseTimeout = responseTimeout;
  }

  /** The fetcher for this user: their cache folder, a progress line when a person watches stderr. */
  public static ManifestFetcher forUser(CliContext context, PrintWriter err) {
    return new ManifestFetcher(FerryHttp.CONNECT_TIMEOUT,
        ManifestCache.standard(context.env(), context.userHome()), context.clock(), err,
        DownloadProgress.wanted(context.var("FERRY_PROGRESS"), context.stderrIsTerminal()), RESPONSE_TIMEOUT);
  }

  public CachedManifest fetch(Service server, String workspace, ManifestQuery query) {
    Path scheduleDir = cache.scheduleDir(server.base(), workspace, query.schedule());
    if (query.runId() != null) {
      Optional<CachedManifest> pinned = cache.read(ManifestCache.runDir(scheduleDir, query.runId()));
      if (pinned.isPresent() && query.accepts(pinned.get().runStatus())) {
        return pinned.get(); // a run's manifest never changes: no request at all
      }
    }
    Optional<CachedManifest> cached = query.pinned() ? Optional.empty()
        : cache.read(ManifestCache.latestDir(scheduleDir, query));
    Map<String, String> headers = new LinkedHashMap<>(server.headers());
    headers.put("Accept-Encoding", "gzip");
    cached.ifPresent(c -> headers.put("If-None-Match", c.etag()));
    try (HttpGet.Response response = HttpGet.send(server.uri(path(workspace, query)), headers, connectTimeout,
        responseTimeout)) {
      return answer(response, scheduleDir, query, cached, server);
    } catch (IOException e) {
      return fallBack(scheduleDir, query, cached, "manifest service " + server.name() + " unreachable ("
          + FerryHttp.why(e) + ")");
    }
  }

  static String path(String workspace, ManifestQuery query) {
    return "/api/v1/workspaces/" + workspace + "/schedules/" + query.schedule() + "/manifest" + query.queryString();
  }

  private CachedManifest answer(HttpGet.Response response, Path scheduleDir, ManifestQuery query,
      Optional<CachedManifest> cached, Service server) throws IOException {
    int status = response.status();
    URI uri = response.uri();
    if (status == 200) {
      return download(response, scheduleDir, query);
    }
    if (status == 304 && cached.isPresent()) {
      return cache.writeMeta(describe(cached.get().stateDir(), response, cached.get()));
    }
    String text = text(response);
    if (status == 401 || status == 403) {
      throw FerryHttp.refused(status, text, uri);
    }
    String problem = FerryHttp.problem(status, text, uri);
    if (status >= 500) {
      return fallBack(scheduleDir, query, cached, "manifest service " + server.name() + " failed (HTTP " + status
          + ": " + problem + ")");
    }
    throw new CliException(problem, status == 404 ? ExitCodes.NO_MANIFEST
        : status == 400 ? ExitCodes.USAGE : ExitCodes.FAILURE);
  }

  private CachedManifest download(HttpGet.Response response, Path scheduleDir, ManifestQuery query)
      throws IOException {
    CachedManifest fetched = describe(null, response, null);
    requireAnswersTo(query, fetched);
    Path target = query.pinned() ? ManifestCache.runDir(scheduleDir, fetched.runId())
        : ManifestCache.latestDir(scheduleDir, query);
    Path temp = temporaryFile(scheduleDir);
    try {
      DownloadProgress bar = new DownloadProgress(err, progress, response.longHeader("Content-Length").orElse(-1));
      String sha = copy(response.body(), gzipped(response), temp, bar);
      String expected = fetched.etag().replace("W/", "").replace("\"", "");
      if (!sha.equalsIgnoreCase(expected)) {
        throw new CliException("the manifest received does not match its ETag (SHA-256 " + sha + ", expected "
            + expected + "); not using it");
      }
      return cache.store(temp, fetched.in(target));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** An older service may ignore the pinning parameters; its answer must not pass for the pinned run. */
  private static void requireAnswersTo(ManifestQuery query, CachedManifest fetched) {
    if (!query.pinned()) {
      return;
    }
    if (!SafeNames.isRunId(fetched.runId())) {
      throw new CliException("the manifest service did not say which run it answered with (no " + RUN_ID
          + " header); it may be too old for " + ManifestQuery.DEFER_RUN_ID + " and " + ManifestQuery.AS_OF);
    }
    if (query.runId() != null && !query.runId().equals(fetched.runId())) {
      throw new CliException("asked for run " + query.runId() + " but the manifest service answered with run "
          + fetched.runId() + "; it may be too old for " + ManifestQuery.DEFER_RUN_ID);
    }
    if (query.asOf() != null && fetched.finishedAt() != null && fetched.finishedAt().isAfter(query.asOf())) {
      throw new CliException("asked for the manifest as of " + query.asOf() + " but the manifest service answered "
          + "with run " + fetched.runId() + " that finished at " + fetched.finishedAt() + "; it may be too old for "
          + ManifestQuery.AS_OF);
    }
  }

  /** With the service down or failing, the cached manifest still serves; without one, one clear line. */
  private CachedManifest fallBack(Path scheduleDir, ManifestQuery query, Optional<CachedManifest> cached,
      String what) {
    Optional<CachedManifest> usable = query.asOf() != null
        ? cache.newestFinishedBy(scheduleDir, query.asOf(), query) : cached;
    CachedManifest fallback = usable.orElseThrow(() -> new CliException(
        "cannot fetch the manifest of " + query.describe() + ": " + what + ", and none is cached",
        ExitCodes.NO_MANIFEST));
    Instant now = clock.instant();
    Duration age = fallback.age(now);
    err.println("ferry: " + what + "; using cached manifest of run " + fallback.runId() + ", "
        + (age == null ? "of unknown age (last confirmed " + Ages.compact(Duration.between(fallback.fetchedAt(), now))
            + " ago)" : Ages.compact(age) + " old")
        + (query.asOf() != null ? " (the newest cached one that finished by " + query.asOf() + ")" : ""));
    err.flush();
    return fallback;
  }

  private static String copy(InputStream wire, boolean gzip, Path target, DownloadProgress bar) throws IOException {
    InputStream counted = new FilterInputStream(wire) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          bar.add(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          bar.add(n);
        }
        return n;
      }
    };
    try (InputStream in = gzip ? new GZIPInputStream(counted, BUFFER) : counted) {
      return DigestingFileWriter.copy(in, target);
    } finally {
      bar.finish();
    }
  }

  private static boolean gzipped(HttpGet.Response response) {
    return response.header("Content-Encoding").filter("gzip"::equalsIgnoreCase).isPresent();
  }

  private static String text(HttpGet.Response response) throws IOException {
    try (InputStream in = gzipped(response) ? new GZIPInputStream(response.body()) : response.body()) {
      return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    }
  }

  private static Path temporaryFile(Path dir) {
    try {
      Files.createDirectories(dir);
      return ManifestCache.temporaryFile(dir, ".manifest");
    } catch (IOException e) {
      throw new CliException("cannot write the manifest cache " + dir + ": " + e.getMessage()
          + " (set FERRY_CACHE_DIR to a writable folder)");
    }
  }

  /** What the headers say, falling back field by field to {@code previous} (a 304 from an older server). */
  private CachedManifest describe(Path dir, HttpGet.Response headers, CachedManifest previous) {
    String etag = headers.header("ETag").orElseThrow(() -> new CliException("the manifest service sent no ETag"));
    boolean same = previous != null;
    return new CachedManifest(dir, etag,
        headers.header(RUN_ID).orElse(same ? previous.runId() : null),
        headers.header(RUN_STATUS).orElse(same ? previous.runStatus() : null),
        headers.header(GIT_SHA).orElse(same ? previous.gitSha() : null),
        instant(headers, FINISHED_AT, same ? previous.finishedAt() : null),
        headers.header(DBT_VERSION).orElse(same ? previous.dbtVersion() : null),
        integer(headers, SCHEMA_VERSION, same ? previous.schemaVersion() : null),
        instant(headers, GENERATED_AT, same ? previous.generatedAt() : null),
        clock.instant());
  }

  private static Instant instant(HttpGet.Response headers, String name, Instant otherwise) {
    Optional<String> value = headers.header(name);
    try {
      return value.map(Instant::parse).orElse(otherwise);
    } catch (DateTimeException e) {
      return otherwise; // unreadable: unknown, as if not sent
    }
  }

  private static Integer integer(HttpGet.Response headers, String name, Integer otherwise) {
    try {
      return headers.header(name).map(String::strip).map(Integer::valueOf).orElse(otherwise);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
