package dev.ferry.cli.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.cli.CliException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a stand-in manifest service (the real one is driven in the standalone end-to-end test). */
@Tag("unit")
class ManifestFetcherTest {

  private static final String RUN = "0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11";
  private static final byte[] MANIFEST = "{\"metadata\": {}}".getBytes(StandardCharsets.UTF_8);
  private static final String ETAG = "\"" + sha256(MANIFEST) + "\"";
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @TempDir
  Path cacheRoot;

  private HttpServer server;
  private URI base;
  private final List<String> requestsIfNoneMatch = new ArrayList<>();
  private volatile int status = 200;
  private final StringWriter err = new StringWriter();
  private ManifestFetcher fetcher;

  @BeforeEach
  void aManifestService() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/workspaces/default/schedules/", exchange -> {
      requestsIfNoneMatch.add(String.valueOf(exchange.getRequestHeaders().getFirst("If-None-Match")));
      exchange.getResponseHeaders().add("ETag", ETAG);
      exchange.getResponseHeaders().add("Ferry-Run-Id", RUN);
      exchange.getResponseHeaders().add("Ferry-Git-Sha", "0123456789abcdef");
      exchange.getResponseHeaders().add("Ferry-Finished-At", NOW.minus(Duration.ofMinutes(3)).toString());
      if (status == 404) {
        byte[] problem = "{\"detail\": \"Schedule 'nightly' in workspace 'default' has no manifest to defer to yet\"}"
            .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(404, problem.length);
        exchange.getResponseBody().write(problem);
      } else if (status >= 500) {
        exchange.sendResponseHeaders(status, -1);
      } else if (ETAG.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
        exchange.sendResponseHeaders(304, -1);
      } else {
        byte[] body = status == 299 ? "{\"tampered\": true}".getBytes(StandardCharsets.UTF_8) : MANIFEST;
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    fetcher = new ManifestFetcher(HttpClient.newHttpClient(), new ManifestCache(cacheRoot),
        Clock.fixed(NOW, ZoneOffset.UTC), new PrintWriter(err, true));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void downloadsOnceThenRevalidatesWithTheETag() throws IOException {
    CachedManifest first = fetcher.fetch(base, "default", "nightly");
    CachedManifest second = fetcher.fetch(base, "default", "nightly");

    assertThat(requestsIfNoneMatch).containsExactly("null", ETAG);
    assertThat(Files.readString(second.stateDir().resolve("manifest.json"))).isEqualTo("{\"metadata\": {}}");
    assertThat(second.runId()).isEqualTo(RUN);
    assertThat(first.stateDir()).isEqualTo(second.stateDir());
    assertThat(second.stateDir()).startsWith(cacheRoot).endsWith(Path.of("default", "nightly"));
    try (var files = Files.list(second.stateDir())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("manifest.json", "ferry-manifest.json");
    }
  }

  @Test
  void fallsBackToTheCacheWhenTheServerIsDownAndSaysHowOldItIs() {
    fetcher.fetch(base, "default", "nightly");
    server.stop(0);
    ManifestFetcher later = new ManifestFetcher(HttpClient.newHttpClient(), new ManifestCache(cacheRoot),
        Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC), new PrintWriter(err, true));

    CachedManifest cached = later.fetch(base, "default", "nightly");

    assertThat(cached.runId()).isEqualTo(RUN);
    assertThat(err.toString()).contains("is unreachable; using the cached manifest of nightly, last confirmed 2 h ago");
  }

  @Test
  void fallsBackToTheCacheWhenTheServiceFails() {
    fetcher.fetch(base, "default", "nightly");
    status = 503;

    CachedManifest cached = fetcher.fetch(base, "default", "nightly");

    assertThat(cached.runId()).isEqualTo(RUN);
    assertThat(err.toString()).contains("answered HTTP 503; using the cached manifest of nightly");
  }

  @Test
  void refusesBytesThatDoNotMatchTheirETag() {
    status = 299;

    assertThatThrownBy(() -> fetcher.fetch(base, "default", "nightly"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("does not match its ETag");
    assertThat(new ManifestCache(cacheRoot).read(new ManifestCache(cacheRoot).dirOf(base, "default", "nightly"))).isEmpty();
  }

  @Test
  void failsWithOneLineWhenTheServerIsDownAndNothingIsCached() {
    server.stop(0);

    assertThatThrownBy(() -> fetcher.fetch(base, "default", "nightly"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("cannot fetch the manifest of nightly")
        .hasMessageContaining("connection refused")
        .hasMessageEndingWith("and none is cached");
  }

  @Test
  void aScheduleWithoutAManifestFailsWithTheServersReason() {
    status = 404;

    assertThatThrownBy(() -> fetcher.fetch(base, "default", "nightly"))
        .isInstanceOf(CliException.class)
        .hasMessage("Schedule 'nightly' in workspace 'default' has no manifest to defer to yet");
  }

  @Test
  void theDeferringLineNamesRunGitAndAge() {
    CachedManifest manifest = fetcher.fetch(base, "default", "nightly");

    assertThat(DbtCommand.deferringLine("nightly", manifest, Clock.fixed(NOW, ZoneOffset.UTC)))
        .isEqualTo("deferring to nightly run " + RUN + " (git 0123456, finished 3 min ago)");
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
