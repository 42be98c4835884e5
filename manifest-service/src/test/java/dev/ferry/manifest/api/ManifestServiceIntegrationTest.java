package dev.ferry.manifest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.ArtifactRef;
import dev.ferry.events.ManifestPointer;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Topics;
import dev.ferry.events.Trigger;
import dev.ferry.manifest.ManifestApplication;
import dev.ferry.testing.Events;
import dev.ferry.testing.FerryHome;
import dev.ferry.testing.HttpProbe;
import dev.ferry.testing.KafkaProbe;
import dev.ferry.testing.SharedInfrastructure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The manifest service on a real broker and S3 server, with real manifests written by dbt. */
@Tag("integration")
@SpringBootTest(classes = ManifestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.name=manifest", "ferry.manifest.history-limit=" + ManifestServiceIntegrationTest.HISTORY})
class ManifestServiceIntegrationTest {

  static final int HISTORY = 4;
  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();
  private static final String BUCKET = "manifest-test";
  private static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");
  private static byte[] manifest;
  private static byte[] otherManifest;
  private static byte[] runResults;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedInfrastructure.serviceProperties(PREFIX, BUCKET).forEach(registry::add);
  }

  @BeforeAll
  static void realArtifacts() throws Exception {
    manifest = Files.readAllBytes(FerryHome.corpus("manifest__v12__jaffle_shop__manifest_1.10.json"));
    otherManifest = Files.readAllBytes(FerryHome.corpus("manifest__v12__jaffle_shop__manifest_1.11.json"));
    runResults = Files.readAllBytes(FerryHome.corpus("run_results__v6__jaffle_shop__run_results_1.11.json"));
  }

  @LocalServerPort
  int port;

  @Autowired
  Topics topics;

  @Autowired
  ObjectMapper json;

  @Test
  void servesTheLatestSuccessfulManifestWithItsShaAsETagAndWhatTheScanFound() throws Exception {
    RunCompleted run = completed("nightly", RunStatus.SUCCEEDED, T0, sha('a'), stored("nightly", manifest, false));

    KafkaProbe.send(topics.runCompleted(), "default/nightly", run);
    HttpResponse<byte[]> response = awaitManifest("nightly", "", run.getRunId());

    assertThat(response.body()).isEqualTo(manifest);
    assertThat(response.headers().firstValue("ETag")).contains("\"" + sha256(manifest) + "\"");
    assertThat(response.headers().firstValue("Ferry-Git-Sha")).contains(run.getGitSha());
    assertThat(response.headers().firstValue("Ferry-Finished-At")).contains(T0.toString());
    assertThat(response.headers().firstValue("Ferry-Run-Status")).contains("SUCCEEDED");
    assertThat(response.headers().firstValue("Ferry-Dbt-Version")).contains("1.10.13");
    assertThat(response.headers().firstValue("Ferry-Manifest-Schema-Version")).contains("12");
    assertThat(response.headers().firstValue("Ferry-Generated-At")).isPresent();
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));

    HttpResponse<byte[]> revalidated = get("/api/v1/workspaces/default/schedules/nightly/manifest",
        "If-None-Match", "\"" + sha256(manifest) + "\"");
    assertThat(revalidated.statusCode()).isEqualTo(304);
    assertThat(revalidated.body()).isEmpty();
    assertThat(revalidated.headers().firstValue("Ferry-Run-Id")).contains(run.getRunId());

    JsonNode metadata = json.readTree(get("/api/v1/workspaces/default/schedules/nightly/manifest/metadata").body());
    assertThat(metadata.get("runId").asString()).isEqualTo(run.getRunId());
    assertThat(metadata.get("sizeBytes").asLong()).isEqualTo(manifest.length);
    assertThat(metadata.get("sha256").asString()).isEqualTo(sha256(manifest));
    assertThat(metadata.get("schemaVersion").asInt()).isEqualTo(12);
    assertThat(metadata.get("nodeCounts").get("model").asLong()).isPositive();
  }

  @Test
  void aGzipStoredManifestIsServedCompressedToClientsThatAcceptItAndPlainToOthersUnderOneETag() throws Exception {
    ArtifactRef gzipped = stored("hourly-gz", manifest, true);
    assertThat(gzipped.getSizeBytes()).isLessThan(manifest.length / 3);
    RunCompleted run = completed("hourly-gz", RunStatus.SUCCEEDED, T0, sha('b'), gzipped);

    KafkaProbe.send(topics.runCompleted(), "default/hourly-gz", run);
    HttpResponse<byte[]> plain = awaitManifest("hourly-gz", "", run.getRunId());
    HttpResponse<byte[]> compressed = get("/api/v1/workspaces/default/schedules/hourly-gz/manifest",
        "Accept-Encoding", "br;q=1.0, gzip;q=0.8");

    assertThat(plain.body()).isEqualTo(manifest);
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(compressed.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(compressed.headers().firstValue("Content-Length")).contains(String.valueOf(gzipped.getSizeBytes()));
    assertThat(gunzip(compressed.body())).isEqualTo(manifest);
    assertThat(compressed.headers().firstValue("ETag")).isEqualTo(plain.headers().firstValue("ETag"));
    assertThat(compressed.headers().firstValue("Vary")).contains("Accept-Encoding");
  }

  /**
   * DESIGN.md's defer semantics, one rule a run: the newest successful run wins; any status only
   * when asked; a late older run, a duplicate, a missing object, a SHA-256 that does not match and
   * a file that is not a manifest never become a pointer.
   */
  @Test
  void pointerRules() throws Exception {
    String schedule = "hourly";
    RunCompleted current = completed(schedule, RunStatus.SUCCEEDED, T0.plusSeconds(3600), sha('c'), stored(schedule, manifest, true));
    send(current);
    awaitManifest(schedule, "", current.getRunId());

    RunCompleted lateOlder = completed(schedule, RunStatus.SUCCEEDED, T0, sha('d'), stored(schedule, otherManifest, true));
    send(lateOlder);
    awaitIndexed(schedule, lateOlder.getRunId());
    assertThat(runIdOf(schedule, "")).as("a late older run does not replace the pointer").isEqualTo(current.getRunId());

    RunCompleted failed = completed(schedule, RunStatus.FAILED, T0.plusSeconds(7200), sha('e'), stored(schedule, otherManifest, false));
    ArtifactRef absent = stored(schedule, otherManifest, false);
    absent.setUri(absent.getUri().replace("/manifest.json", "/gone.json"));
    RunCompleted missing = completed(schedule, RunStatus.SUCCEEDED, T0.plusSeconds(7300), sha('f'), absent);
    ArtifactRef tampered = stored(schedule, otherManifest, true);
    tampered.setSha256(sha256(manifest));
    RunCompleted wrongSha = completed(schedule, RunStatus.SUCCEEDED, T0.plusSeconds(7310), sha('f'), tampered);
    RunCompleted notAManifest = completed(schedule, RunStatus.SUCCEEDED, T0.plusSeconds(7320), sha('f'), stored(schedule, runResults, false));
    RunCompleted newest = completed(schedule, RunStatus.SUCCEEDED, T0.plusSeconds(7400), sha('1'), stored(schedule, otherManifest, false));
    RunCompleted failedLatest = completed(schedule, RunStatus.FAILED, T0.plusSeconds(8000), sha('2'), stored(schedule, manifest, false));
    for (RunCompleted run : List.of(failed, missing, wrongSha, notAManifest, current, newest, failedLatest)) {
      send(run);
    }
    awaitManifest(schedule, "?status=any", failedLatest.getRunId());

    assertThat(runIdOf(schedule, "")).isEqualTo(newest.getRunId());
    assertThat(runIdOf(schedule, "?status=ANY")).isEqualTo(failedLatest.getRunId());
    assertThat(runIdOf(schedule, "?run_id=" + failed.getRunId())).isEqualTo(failed.getRunId());
    assertThat(runIdOf(schedule, "?git_sha=" + sha('c').substring(0, 7))).isEqualTo(current.getRunId());
    assertThat(runIdOf(schedule, "?at=2026-11-25T04:00:00%2B01:00")).isEqualTo(current.getRunId());
    assertThat(runIdOf(schedule, "?at=" + T0.plusSeconds(7250) + "&status=any")).isEqualTo(failed.getRunId());
    for (RunCompleted rejected : List.of(missing, wrongSha, notAManifest)) {
      assertThat(get(manifestPath(schedule) + "?run_id=" + rejected.getRunId()).statusCode()).isEqualTo(404);
    }

    Map<String, Long> recordsByRun = KafkaProbe.readAll(topics.manifests()).stream()
        .filter(r -> r.key().startsWith("default/" + schedule + "/") && r.value() != null)
        .collect(Collectors.groupingBy(r -> r.value().getRunId(), Collectors.counting()));
    assertThat(recordsByRun).as("one pointer record a run, the duplicate of the current one included")
        .containsOnlyKeys(current.getRunId(), lateOlder.getRunId(), failed.getRunId(), newest.getRunId(),
            failedLatest.getRunId())
        .allSatisfy((run, count) -> assertThat(count).isOne());
    String etag = get(manifestPath(schedule)).headers().firstValue("ETag").orElseThrow();
    assertThat(get(manifestPath(schedule), "If-None-Match", etag).statusCode()).isEqualTo(304);
    String metrics = new String(get("/actuator/prometheus").body(), StandardCharsets.UTF_8);
    assertThat(metrics)
        .contains("ferry_manifest_index_rejected_total{reason=\"missing\"")
        .contains("ferry_manifest_index_rejected_total{reason=\"sha256_mismatch\"")
        .contains("ferry_manifest_index_rejected_total{reason=\"not_a_manifest\"")
        .contains("ferry_manifest_age_seconds{schedule=\"hourly\",workspace=\"default\"}")
        .contains("ferry_manifest_index_lag_seconds_count")
        .contains("ferry_manifest_requests_total{result=\"200\"")
        .contains("ferry_manifest_requests_total{result=\"304\"")
        .contains("ferry_manifest_requests_total{result=\"404\"");
  }

  @Test
  void aSuccessfulRetryReplacesTheFailedAttemptsManifestAndBecomesTheDeferTarget() throws Exception {
    String schedule = "retried";
    RunCompleted target = completed(schedule, RunStatus.SUCCEEDED, T0, sha('4'), stored(schedule, manifest, true));
    send(target);
    awaitManifest(schedule, "", target.getRunId());
    RunCompleted firstAttempt = completed(schedule, RunStatus.FAILED, T0.plusSeconds(600), sha('5'),
        stored(schedule, otherManifest, true));
    send(firstAttempt);
    awaitManifest(schedule, "?status=any", firstAttempt.getRunId());

    RunCompleted retry = RunCompleted.newBuilder(completed(schedule, RunStatus.SUCCEEDED, T0.plusSeconds(900), sha('5'),
        stored(schedule, manifest, true))).setRunId(firstAttempt.getRunId()).setAttempt(2).build();
    send(retry);
    await().atMost(Duration.ofSeconds(30)).until(() -> runIdOf(schedule, "").equals(retry.getRunId()));
    send(firstAttempt);
    RunCompleted ci = RunCompleted.newBuilder(completed(schedule, RunStatus.SUCCEEDED, T0.plusSeconds(1200), sha('7'),
        stored(schedule, otherManifest, true))).setTrigger(Trigger.CI).build();
    send(ci);
    RunCompleted marker = completed(schedule, RunStatus.FAILED, T0.minusSeconds(600), sha('6'),
        stored(schedule, otherManifest, true));
    send(marker);
    awaitIndexed(schedule, marker.getRunId());

    JsonNode metadata = json.readTree(get(manifestPath(schedule) + "/metadata").body());
    assertThat(metadata.get("attempt").asInt()).isEqualTo(2);
    assertThat(metadata.get("runStatus").asString()).isEqualTo("SUCCEEDED");
    assertThat(metadata.get("sha256").asString()).isEqualTo(sha256(manifest));
    assertThat(history(port, schedule, "?status=any")).as("one entry a run, the retry's; none for the CI run")
        .containsExactly(retry.getRunId(), target.getRunId(), marker.getRunId());
    List<Integer> attempts = KafkaProbe.readAll(topics.manifests()).stream()
        .filter(r -> r.key().equals("default/" + schedule + "/" + retry.getRunId()) && r.value() != null)
        .map(r -> r.value().getAttempt()).toList();
    assertThat(attempts).as("the redelivery of attempt 1, read before the marker, wrote nothing").containsExactly(1, 2);
  }

  @Test
  void historyIsNewestFirstBoundedAndNeverDropsTheDeferTargetAndARestartRebuildsIt() throws Exception {
    String schedule = "daily";
    RunCompleted target = completed(schedule, RunStatus.SUCCEEDED, T0, sha('3'), stored(schedule, manifest, true));
    List<RunCompleted> failures = new ArrayList<>();
    for (int hour = 1; hour <= HISTORY + 1; hour++) {
      failures.add(completed(schedule, RunStatus.FAILED, T0.plusSeconds(3600L * hour), sha('4'), stored(schedule, otherManifest, true)));
    }
    send(target);
    failures.forEach(this::send);
    RunCompleted newestFailure = failures.getLast();
    awaitManifest(schedule, "?status=any", newestFailure.getRunId());

    List<String> expected = new ArrayList<>(failures.reversed().subList(0, HISTORY).stream().map(RunCompleted::getRunId).toList());
    expected.add(target.getRunId());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(history(port, schedule, "?status=any&limit=50"))
        .as("the oldest failure is dropped; the defer target is kept though older").containsExactlyElementsOf(expected));
    assertThat(history(port, schedule, "")).containsExactly(target.getRunId());
    assertThat(history(port, schedule, "?status=any&limit=2")).containsExactlyElementsOf(expected.subList(0, 2));
    assertThat(get(manifestPath(schedule) + "?run_id=" + failures.getFirst().getRunId()).statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/workspaces/default/schedules/" + schedule + "/manifests?limit=0").statusCode()).isEqualTo(400);

    try (ConfigurableApplicationContext restarted = anotherReplica("restarted")) {
      int restartedPort = Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port"));
      await().atMost(Duration.ofSeconds(30)).until(() -> get(restartedPort, "/actuator/health/readiness").statusCode() == 200);

      HttpResponse<byte[]> served = get(restartedPort, manifestPath(schedule));
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.headers().firstValue("Ferry-Run-Id")).contains(target.getRunId());
      assertThat(served.body()).isEqualTo(manifest);
      assertThat(history(restartedPort, schedule, "?status=any&limit=50")).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aManifestChangedInTheStoreAfterIndexingIsServedAsVerifiedHereAndIsA502WhereNotKept() throws Exception {
    ArtifactRef ref = stored("weekly-report", manifest, false);
    RunCompleted run = completed("weekly-report", RunStatus.SUCCEEDED, T0, sha('5'), ref);
    send(run);
    awaitManifest("weekly-report", "", run.getRunId());
    String key = ref.getUri().substring(("s3://" + BUCKET + "/").length());
    try (var s3 = SharedInfrastructure.s3Client()) {
      s3.putObject(p -> p.bucket(BUCKET).key(key), RequestBody.fromBytes(otherManifest));
    }

    HttpResponse<byte[]> fromMemory = get(manifestPath("weekly-report"));
    assertThat(fromMemory.statusCode()).as("the replica that indexed it keeps the verified bytes").isEqualTo(200);
    assertThat(fromMemory.body()).isEqualTo(manifest);

    try (ConfigurableApplicationContext other = anotherReplica("other-replica")) {
      int otherPort = Integer.parseInt(other.getEnvironment().getProperty("local.server.port"));
      await().atMost(Duration.ofSeconds(30)).until(() -> get(otherPort, "/actuator/health/readiness").statusCode() == 200);

      HttpResponse<byte[]> response = get(otherPort, manifestPath("weekly-report"));

      assertThat(response.statusCode()).as("a replica that reads the store sees the change").isEqualTo(502);
      assertThat(json.readTree(response.body()).get("detail").asString()).contains("not the " + manifest.length);
    }
  }

  @Test
  void aScheduleWithoutAManifestIsA404AndABadQueryA400ProblemNamingIt() throws Exception {
    HttpResponse<byte[]> response = get(manifestPath("weekly"));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("schedule").asString()).isEqualTo("weekly");
    assertThat(problem.get("detail").asString()).contains("'weekly'").contains("no run of it has succeeded");
    assertThat(get("/api/v1/workspaces/default/schedules/..%2Fx/manifest").statusCode()).isEqualTo(400);
    for (String query : List.of("?status=bogus", "?git_sha=xyz", "?at=yesterday", "?run_id=a&at=2026-11-25T00:00:00Z")) {
      HttpResponse<byte[]> bad = get(manifestPath("weekly") + query);
      assertThat(bad.statusCode()).as(query).isEqualTo(400);
      assertThat(json.readTree(bad.body()).get("detail").asString()).as(query).isNotBlank();
    }
  }

  @Test
  void publishesAnOpenApiDocumentOfTheApi() throws Exception {
    HttpResponse<byte[]> response = get("/v3/api-docs");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode paths = json.readTree(response.body()).get("paths");
    assertThat(paths.has("/api/v1/workspaces/{workspace}/schedules/{schedule}/manifest")).isTrue();
    assertThat(paths.has("/api/v1/workspaces/{workspace}/schedules/{schedule}/manifests")).isTrue();
  }

  private void send(RunCompleted run) {
    KafkaProbe.send(topics.runCompleted(), "default/" + run.getSchedule(), run);
  }

  private ArtifactRef stored(String schedule, byte[] bytes, boolean gzip) {
    String runDir = Events.aRunId();
    String key = "ferry/default/" + schedule + "/" + runDir + "/manifest.json" + (gzip ? ".gz" : "");
    byte[] object = gzip ? gzip(bytes) : bytes;
    try (var s3 = SharedInfrastructure.s3Client()) {
      s3.putObject(p -> p.bucket(BUCKET).key(key), RequestBody.fromBytes(object));
    }
    return new ArtifactRef("manifest.json", "s3://" + BUCKET + "/" + key, (long) object.length,
        gzip ? "gzip" : "identity", sha256(bytes));
  }

  private static RunCompleted completed(String schedule, RunStatus status, Instant finishedAt, String gitSha,
      ArtifactRef manifestRef) {
    return Events.aRunCompleted().setSchedule(schedule).setStatus(status).setFinishedAt(finishedAt)
        .setStartedAt(finishedAt.minusSeconds(60)).setGitSha(gitSha)
        .setArtifacts(new ArrayList<>(List.of(manifestRef))).build();
  }

  private static String sha(char c) {
    return String.valueOf(c).repeat(40);
  }

  private static String manifestPath(String schedule) {
    return "/api/v1/workspaces/default/schedules/" + schedule + "/manifest";
  }

  private String runIdOf(String schedule, String query) {
    HttpResponse<byte[]> response = get(manifestPath(schedule) + "/metadata" + query);
    assertThat(response.statusCode()).as(query).isEqualTo(200);
    return json.readTree(response.body()).get("runId").asString();
  }

  private List<String> history(int port, String schedule, String query) {
    HttpResponse<byte[]> response = get(port, "/api/v1/workspaces/default/schedules/" + schedule + "/manifests" + query);
    assertThat(response.statusCode()).isEqualTo(200);
    return json.readTree(response.body()).get("manifests").valueStream().map(m -> m.get("runId").asString()).toList();
  }

  private void awaitIndexed(String schedule, String runId) {
    await().atMost(Duration.ofSeconds(30))
        .until(() -> get(manifestPath(schedule) + "/metadata?run_id=" + runId).statusCode() == 200);
  }

  private HttpResponse<byte[]> awaitManifest(String schedule, String query, String runId) {
    String path = manifestPath(schedule) + query;
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      HttpResponse<byte[]> response = get(path);
      return response.statusCode() == 200 && response.headers().firstValue("Ferry-Run-Id").orElse("").equals(runId);
    });
    return get(path);
  }

  private HttpResponse<byte[]> get(String path, String... headers) {
    return get(port, path, headers);
  }

  private static HttpResponse<byte[]> get(int port, String path, String... headers) {
    return HttpProbe.get(URI.create("http://127.0.0.1:" + port + path), headers);
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] bytes) throws java.io.IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A second manifest service on the same topics and store, indexing in a consumer group of its own. */
  private static ConfigurableApplicationContext anotherReplica(String indexerGroupId) {
    return ManifestApplication.builder()
        .properties("server.port=0", "spring.kafka.bootstrap-servers=" + SharedInfrastructure.kafka().bootstrapServers(),
            "ferry.kafka.topic-prefix=" + PREFIX, "ferry.s3.endpoint=" + SharedInfrastructure.s3().endpoint(),
            "ferry.s3.bucket=" + BUCKET, "ferry.s3.access-key=" + SharedInfrastructure.ACCESS_KEY,
            "ferry.s3.secret-key=" + SharedInfrastructure.SECRET_KEY, "ferry.manifest.indexer-group-id=" + indexerGroupId,
            "ferry.manifest.history-limit=" + HISTORY)
        .run();
  }
}
