package dev.ferry.cli.dbt;

import dev.ferry.cli.Ages;
import dev.ferry.cli.CliException;
import dev.ferry.cli.api.FerryHttp;
import dev.ferry.cli.api.ServerUnreachableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    Path download = null;
    try {
      Files.createDirectories(dir);
      download = Files.createTempFile(dir, ".manifest", ".download");
      HttpResponse<Path> response = http.send(request.build(), HttpResponse.BodyHandlers.ofFile(download));
      return switch (response.statusCode()) {
        case 200 -> cache.store(download, describe(dir, response.headers()));
        case 304 -> cache.writeMeta(describe(dir, response.headers()));
        default -> throw new CliException(FerryHttp.problem(response.statusCode(), Files.readString(download), uri));
      };
    } catch (IOException e) {
      ServerUnreachableException unreachable = FerryHttp.unreachable(uri, e);
      CachedManifest fallback = cached.orElseThrow(() -> new CliException(
          "cannot fetch the manifest of " + schedule + ": " + unreachable.getMessage() + "; and none is cached"));
      err.println("ferry: warning: " + unreachable.server() + " is unreachable; using the cached manifest of " + schedule
          + ", last confirmed " + Ages.describe(Duration.between(fallback.fetchedAt(), clock.instant())) + " ago");
      return fallback;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", 130);
    } finally {
      deleteQuietly(download);
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
