package dev.ferry.cli.dbt;

import dev.ferry.cli.Ages;
import dev.ferry.cli.CliException;
import dev.ferry.cli.api.FerryHttp;
import dev.ferry.cli.api.ServerUnreachableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Gets the manifest a schedule defers to, as cheaply as possible: revalidated against the cache
 * with {@code If-None-Match} (a 304 moves no bytes), downloaded when it changed, and taken from the
 * cache with a warning when the server cannot be reached.
 */
public final class ManifestFetcher {

  private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);

  private final HttpClient http;
  private final ManifestCache cache;
  private final Clock clock;
  private final PrintWriter err;

  public ManifestFetcher(HttpClient http, ManifestCache cache, Clock clock, PrintWriter err) {
    this.http = http;
    this.cache = cache;
    this.clock = clock;
    this.err = err;
  }

  public CachedManifest fetch(URI server, String workspace, String schedule) {
    Path dir = cache.dirOf(server, workspace, schedule);
    Optional<CachedManifest> cached = cache.read(dir);
    URI uri = URI.create(server + "/api/v1/workspaces/" + workspace + "/schedules/" + schedule + "/manifest");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(DOWNLOAD_TIMEOUT).GET();
    cached.ifPresent(c -> request.header("If-None-Match", c.etag()));
    Path download = temporaryFile(dir);
    try {
      HttpResponse<Path> response = http.send(request.build(), HttpResponse.BodyHandlers.ofFile(download));
      int status = response.statusCode();
      if (status == 200) {
        CachedManifest fetched = describe(dir, response.headers());
        requireIntact(download, fetched.etag());
        return cache.store(download, fetched);
      }
      if (status == 304) {
        return cache.writeMeta(describe(dir, response.headers()));
      }
      String problem = FerryHttp.problem(status, Files.readString(download), uri);
      if (status >= 500) {
        return fallBack(cached, schedule, uri + " answered HTTP " + status, problem);
      }
      throw new CliException(problem);
    } catch (IOException e) {
      ServerUnreachableException unreachable = FerryHttp.unreachable(uri, e);
      return fallBack(cached, schedule, unreachable.server() + " is unreachable", unreachable.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", 130);
    } finally {
      deleteQuietly(download);
    }
  }

  /** With the service down or failing, the cached manifest still serves; without one, one clear line. */
  private CachedManifest fallBack(Optional<CachedManifest> cached, String schedule, String what, String detail) {
    CachedManifest fallback = cached.orElseThrow(() -> new CliException(
        "cannot fetch the manifest of " + schedule + ": " + detail + "; and none is cached"));
    err.println("ferry: warning: " + what + "; using the cached manifest of " + schedule + ", last confirmed "
        + Ages.describe(Duration.between(fallback.fetchedAt(), clock.instant())) + " ago");
    return fallback;
  }

  /** The bytes must be the ones the ETag (their SHA-256) names, or they never reach the cache. */
  private static void requireIntact(Path download, String etag) throws IOException {
    String expected = etag.replace("W/", "").replace("\"", "");
    String actual = sha256(download);
    if (!actual.equalsIgnoreCase(expected)) {
      throw new CliException("the manifest received does not match its ETag (SHA-256 " + actual + ", expected "
          + expected + "); not using it");
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static Path temporaryFile(Path dir) {
    try {
      Files.createDirectories(dir);
      return Files.createTempFile(dir, ".manifest", ".download");
    } catch (IOException e) {
      throw new CliException("cannot write the manifest cache " + dir + ": " + e.getMessage()
          + " (set FERRY_CACHE_DIR to a writable folder)");
    }
  }

  private CachedManifest describe(Path dir, HttpHeaders headers) {
    String etag = headers.firstValue("ETag").orElseThrow(() -> new CliException("the manifest service sent no ETag"));
    return new CachedManifest(dir, etag, headers.firstValue("Ferry-Run-Id").orElse("unknown"),
        headers.firstValue("Ferry-Git-Sha").orElse(null),
        headers.firstValue("Ferry-Finished-At").map(Instant::parse).orElse(Instant.EPOCH),
        headers.firstValue("Ferry-Dbt-Version").orElse(null), clock.instant());
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a stray temporary file in the cache is harmless
      }
    }
  }
}
