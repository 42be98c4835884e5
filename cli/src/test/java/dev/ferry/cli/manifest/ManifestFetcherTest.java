package dev.ferry.cli.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.cli.CliException;
import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.StandInServer;
import dev.ferry.cli.StandInServer.Answer;
import dev.ferry.cli.StandInServer.Request;
import dev.ferry.cli.api.Service;
import dev.ferry.cli.dbt.DbtCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a stand-in manifest service (the real one is driven in the standalone end-to-end test). */
@Tag("unit")
class ManifestFetcherTest {

  private static final String RUN = "0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11";
  private static final String OTHER_RUN = "5c2d0a6e-1b7f-4e3a-8d9c-0f1e2d3c4b5a";
  private static final byte[] MANIFEST = "{\"metadata\": {}}".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final Instant FINISHED = NOW.minus(Duration.ofMinutes(3));

  @TempDir
  Path cacheRoot;

  private final StandInServer server = new StandInServer();
  private final StringWriter err = new StringWriter();
  private volatile byte[] manifest = MANIFEST;
  private volatile boolean gzip;
  private volatile int failWith;

  @AfterEach
  void stop() {
    server.close();
  }

  private Service service() {
    return new Service(server.base(), "s3cret-token");
  }

  private ManifestFetcher fetcher(Instant now) {
    return fetcher(now, false, ManifestFetcher.RESPONSE_TIMEOUT);
  }

  private ManifestFetcher fetcher(Instant now, boolean progress, Duration timeout) {
    return new ManifestFetcher(Duration.ofSeconds(2), new ManifestCache(cacheRoot),
        Clock.fixed(now, ZoneOffset.UTC), new PrintWriter(err, true), progress, timeout);
  }

  /** Production as the manifest service would answer: one run's manifest, 304 on a matching ETag. */
  private Answer production(Request request) {
    if (failWith != 0) {
      return Answer.json(failWith, "{\"title\": \"Bad Gateway\", \"detail\": \"artifact store unavailable\"}");
    }
    String etag = "\"" + StandInServer.sha256(manifest) + "\"";
    Map<String, String> headers = new HashMap<>(Map.of("ETag", etag, "Ferry-Run-Id", RUN,
        "Ferry-Run-Status", "SUCCEEDED", "Ferry-Git-Sha", "0123456789abcdef", "Ferry-Finished-At", FINISHED.toString(),
        "Ferry-Dbt-Version", "1.11.16", "Ferry-Manifest-Schema-Version", "12",
        "Ferry-Generated-At", FINISHED.minusSeconds(40).toString()));
    if (etag.equals(request.header("If-None-Match"))) {
      return new Answer(304, headers, null);
    }
    boolean compress = gzip && "gzip".equals(request.header("Accept-Encoding"));
    if (compress) {
      headers.put("Content-Encoding", "gzip");
    }
    return new Answer(200, headers, compress ? StandInServer.gzip(manifest) : manifest);
  }

  @Test
  void downloadsOnceThenRevalidatesWithTheETag() throws IOException {
    server.answering(this::production);

    CachedManifest first = fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly"));
    CachedManifest second = fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly"));

    assertThat(server.requests()).extracting(r -> String.valueOf(r.header("If-None-Match")))
        .containsExactly("null", "\"" + StandInServer.sha256(MANIFEST) + "\"");
    assertThat(Files.readString(second.manifestFile())).isEqualTo("{\"metadata\": {}}");
    assertThat(first.stateDir()).isEqualTo(second.stateDir());
    assertThat(second.stateDir()).startsWith(cacheRoot).endsWith(Path.of("default", "nightly", "latest"));
    try (var files = Files.list(second.stateDir())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("manifest.json", "ferry-manifest.properties");
    }
  }

  @Test
  void sendsTheTokenAndAsksForGzip() {
    server.answering(this::production);

    fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly"));

    assertThat(server.requests().getFirst().header("Authorization")).isEqualTo("Bearer s3cret-token");
    assertThat(server.requests().getFirst().header("Accept-Encoding")).isEqualTo("gzip");
  }

  @Test
  void decompressesGzipAndChecksTheUncompressedBytesAgainstTheETag() throws IOException {
    gzip = true;
    manifest = "{\"nodes\": {\"model.a\": {}}}".repeat(200).getBytes(StandardCharsets.UTF_8);
    server.answering(this::production);

    CachedManifest fetched = fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly"));

    assertThat(Files.readAllBytes(fetched.manifestFile())).isEqualTo(manifest);
  }

  @Test
  void keepsWhatTheServerSaidOfTheRunInTheCache() {
    server.answering(this::production);
    fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly"));

    CachedManifest cached = new ManifestCache(cacheRoot)
        .read(new ManifestCache(cacheRoot).scheduleDir(server.base(), "default", "nightly").resolve("latest")).orElseThrow();

    assertThat(cached.runId()).isEqualTo(RUN);
    assertThat(cached.runStatus()).isEqualTo("SUCCEEDED");
    assertThat(cached.dbtVersion()).isEqualTo("1.11.16");
    assertThat(cached.schemaVersion()).isEqualTo(12);
    assertThat(cached.generatedAt()).isEqualTo(FINISHED.minusSeconds(40));
    assertThat(cached.finishedAt()).isEqualTo(FINISHED);
  }

  @Test
  void toleratesAServerWithoutTheVersionHeaders() {
    server.answering(request -> new Answer(200, Map.of("ETag", "\"" + StandInServer.sha256(MANIFEST) + "\"",
        "Ferry-Run-Id", RUN), MANIFEST));

    CachedManifest fetched = fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly"));

    assertThat(fetched.schemaVersion()).isNull();
    assertThat(fetched.dbtVersion()).isNull();
    assertThat(fetched.finishedAt()).isNull();
  }

  @Test
  void fallsBackToTheCacheWhenTheServerIsDownAndSaysHowOldTheManifestIs() {
    server.answering(this::production);
    fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly"));
    server.close();

    CachedManifest cached = fetcher(NOW.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(9)))
        .fetch(service(), "default", ManifestQuery.latest("nightly"));

    assertThat(cached.runId()).isEqualTo(RUN);
    assertThat(err.toString().strip()).isEqualTo("ferry: manifest service " + server.base()
        + " unreachable (connection refused); using cached manifest of run " + RUN + ", 3h 12m old");
  }

  @Test
  void fallsBackToTheCacheWhenTheServiceFails() {
    server.answering(this::production);
    fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly"));
    failWith = 502;

    CachedManifest cached = fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly"));

    assertThat(cached.runId()).isEqualTo(RUN);
    assertThat(err.toString()).contains("failed (HTTP 502: artifact store unavailable); using cached manifest of run "
        + RUN + ", 3m old");
  }

  @Test
  void fallsBackToTheCacheWhenTheServiceDoesNotAnswerInTime() throws InterruptedException {
    server.answering(this::production);
    fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly"));
    CountDownLatch release = new CountDownLatch(1);
    server.answering(request -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return production(request);
    });

    CachedManifest cached = fetcher(NOW, false, Duration.ofMillis(300))
        .fetch(service(), "default", ManifestQuery.latest("nightly"));
    release.countDown();

    assertThat(cached.runId()).isEqualTo(RUN);
    assertThat(err.toString()).contains("unreachable (timed out); using cached manifest");
  }

  @Test
  void aRefusedTokenIsAnErrorEvenWithACachedManifest() {
    server.answering(this::production);
    fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly"));
    failWith = 401;

    assertThatThrownBy(() -> fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly")))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("refused the request (HTTP 401")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.AUTH));
    failWith = 403;
    assertThatThrownBy(() -> fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly")))
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.AUTH));
    assertThat(err.toString()).doesNotContain("using cached manifest");
  }

  @Test
  void refusesBytesThatDoNotMatchTheirETag() {
    server.answering(request -> new Answer(200, Map.of("ETag", "\"" + StandInServer.sha256(MANIFEST) + "\"",
        "Ferry-Run-Id", RUN), "{\"tampered\": true}".getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly")))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("does not match its ETag");
    assertThat(new ManifestCache(cacheRoot).read(
        new ManifestCache(cacheRoot).scheduleDir(server.base(), "default", "nightly").resolve("latest"))).isEmpty();
  }

  @Test
  void failsWithOneLineWhenTheServerIsDownAndNothingIsCached() {
    server.close();

    assertThatThrownBy(() -> fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly")))
        .isInstanceOf(CliException.class)
        .hasMessage("cannot fetch the manifest of nightly: manifest service " + server.base()
            + " unreachable (connection refused), and none is cached")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.NO_MANIFEST));
  }

  @Test
  void aScheduleWithoutAManifestFailsWithTheServersReason() {
    server.answering(request -> Answer.json(404,
        "{\"detail\": \"Schedule 'nightly' in workspace 'default' has no manifest to defer to yet\"}"));

    assertThatThrownBy(() -> fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly")))
        .isInstanceOf(CliException.class)
        .hasMessage("Schedule 'nightly' in workspace 'default' has no manifest to defer to yet");
  }

  @Test
  void thePinsBecomeTheServicesQueryParameters() {
    server.answering(this::production);

    fetcher(NOW).fetch(service(), "default", new ManifestQuery("nightly", null, null, true));
    fetcher(NOW).fetch(service(), "default", new ManifestQuery("nightly", RUN, null, false));
    fetcher(NOW).fetch(service(), "default", new ManifestQuery("nightly", null, NOW, false));

    assertThat(server.requests()).extracting(r -> r.uri().toString()).containsExactly(
        "/api/v1/workspaces/default/schedules/nightly/manifest?status=any",
        "/api/v1/workspaces/default/schedules/nightly/manifest?run_id=" + RUN,
        "/api/v1/workspaces/default/schedules/nightly/manifest?at=2026-11-25T10:00:00Z");
  }

  @Test
  void aPinnedRunsManifestIsFetchedOnceAndThenUsedWithoutAnyRequest() throws IOException {
    server.answering(this::production);
    ManifestQuery pinned = new ManifestQuery("nightly", RUN, null, false);

    CachedManifest first = fetcher(NOW).fetch(service(), "default", pinned);
    server.close();
    CachedManifest again = fetcher(NOW).fetch(service(), "default", pinned);

    assertThat(server.requests()).hasSize(1);
    assertThat(again.stateDir()).isEqualTo(first.stateDir()).endsWith(Path.of("nightly", "runs", RUN));
    assertThat(Files.readAllBytes(again.manifestFile())).isEqualTo(MANIFEST);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void refusesAnAnswerForAnotherRunThanThePinnedOne() {
    server.answering(this::production);

    assertThatThrownBy(() -> fetcher(NOW).fetch(service(), "default", new ManifestQuery("nightly", OTHER_RUN, null, false)))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("asked for run " + OTHER_RUN + " but the manifest service answered with run " + RUN);
  }

  @Test
  void asOfFallsBackToTheNewestCachedRunThatFinishedByThen() {
    server.answering(this::production);
    fetcher(NOW).fetch(service(), "default", new ManifestQuery("nightly", RUN, null, false));
    server.close();

    CachedManifest before = fetcher(NOW).fetch(service(), "default", new ManifestQuery("nightly", null, NOW, false));

    assertThat(before.runId()).isEqualTo(RUN);
    assertThat(err.toString()).contains("the newest cached one that finished by 2026-11-25T10:00:00Z");
    assertThatThrownBy(() -> fetcher(NOW).fetch(service(), "default",
        new ManifestQuery("nightly", null, FINISHED.minusSeconds(1), false)))
        .hasMessageEndingWith("and none is cached");
  }

  @Test
  void latestOfAnyStatusIsCachedApartFromLatestSucceeded() {
    server.answering(this::production);

    CachedManifest succeeded = fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly"));
    CachedManifest any = fetcher(NOW).fetch(service(), "default", new ManifestQuery("nightly", null, null, true));

    assertThat(succeeded.stateDir()).isNotEqualTo(any.stateDir());
    assertThat(server.requests().get(1).header("If-None-Match")).isNull();
  }

  @Test
  void drawsAProgressLineForALargeDownloadOnlyWhenAskedTo() {
    byte[] large = new byte[5 * 1024 * 1024];
    Arrays.fill(large, (byte) ' ');
    manifest = large;
    server.answering(this::production);

    fetcher(NOW, false, ManifestFetcher.RESPONSE_TIMEOUT).fetch(service(), "default", ManifestQuery.latest("nightly"));
    assertThat(err.toString()).doesNotContain("downloading");

    fetcher(NOW, true, ManifestFetcher.RESPONSE_TIMEOUT).fetch(service(), "default", new ManifestQuery("nightly", null, null, true));
    assertThat(err.toString()).startsWith("\rferry: downloading manifest ").contains("5.0 MB / 5.0 MB (100%)").endsWith("\n");
  }

  @Test
  void theDeferringLineNamesRunGitAndAge() {
    server.answering(this::production);
    CachedManifest manifest = fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly"));

    assertThat(DbtCommand.deferringLine("nightly", manifest, NOW))
        .isEqualTo("deferring to nightly run " + RUN + " (git 0123456, finished 3m ago)");
  }

  @Test
  void followsARedirectWithTheTokenAsTheJdkClientDid() {
    server.answering(request -> request.uri().getPath().startsWith("/moved")
        ? production(request)
        : new Answer(308, Map.of("Location", "/moved" + request.uri()), null));

    CachedManifest fetched = fetcher(NOW).fetch(service(), "default", ManifestQuery.latest("nightly"));

    assertThat(fetched.runId()).isEqualTo(RUN);
    assertThat(server.requests()).hasSize(2);
    assertThat(server.requests().getLast().header("Authorization")).isEqualTo("Bearer s3cret-token");
  }

  @Test
  void aServerBaseWithAPathKeepsIt() {
    assertThat(new Service(URI.create("https://ferry.example.com/manifests"), null)
        .request(ManifestFetcher.path("default", ManifestQuery.latest("nightly")), Duration.ofSeconds(1)).build().uri())
        .hasToString("https://ferry.example.com/manifests/api/v1/workspaces/default/schedules/nightly/manifest");
  }
}
