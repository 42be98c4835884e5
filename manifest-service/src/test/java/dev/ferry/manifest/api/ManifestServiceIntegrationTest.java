package dev.ferry.manifest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.ManifestPointer;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Topics;
import dev.ferry.manifest.ManifestApplication;
import dev.ferry.testing.Events;
import dev.ferry.testing.FerryHome;
import dev.ferry.testing.HttpProbe;
import dev.ferry.testing.KafkaProbe;
import dev.ferry.testing.SharedInfrastructure;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
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
    properties = "spring.config.name=manifest")
class ManifestServiceIntegrationTest {

  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();
  private static final String BUCKET = "manifest-test";
  private static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");
  private static byte[] manifest;
  private static byte[] otherManifest;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedInfrastructure.serviceProperties(PREFIX, BUCKET).forEach(registry::add);
  }

  @BeforeAll
  static void realManifests() throws Exception {
    manifest = Files.readAllBytes(FerryHome.corpus("manifest__v12__jaffle_shop__manifest_1.10.json"));
    otherManifest = Files.readAllBytes(FerryHome.corpus("manifest__v12__jaffle_shop__manifest_1.11.json"));
  }

  @LocalServerPort
  int port;

  @Autowired
  Topics topics;

  @Autowired
  ObjectMapper json;

  @Test
  void servesTheLatestSuccessfulManifestWithItsShaAsETag() throws Exception {
    RunCompleted run = succeeded("nightly", T0, manifest);

    KafkaProbe.send(topics.runCompleted(), "default/nightly", run);
    HttpResponse<byte[]> response = awaitManifest("nightly", run.getRunId());

    assertThat(response.body()).isEqualTo(manifest);
    assertThat(response.headers().firstValue("ETag")).contains("\"" + sha256(manifest) + "\"");
    assertThat(response.headers().firstValue("Ferry-Git-Sha")).contains(run.getGitSha());
    assertThat(response.headers().firstValue("Ferry-Finished-At")).contains(T0.toString());
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
  }

  @Test
  void aLateOlderRunAFailedRunAndAMissingObjectNeverBecomeThePointer() throws Exception {
    RunCompleted current = succeeded("hourly", T0.plusSeconds(3600), manifest);
    KafkaProbe.send(topics.runCompleted(), "default/hourly", current);
    awaitManifest("hourly", current.getRunId());

    RunCompleted older = succeeded("hourly", T0, otherManifest);
    RunCompleted failed = RunCompleted.newBuilder(succeeded("hourly", T0.plusSeconds(7200), otherManifest))
        .setStatus(RunStatus.FAILED).build();
    RunCompleted missing = RunCompleted.newBuilder(succeeded("hourly", T0.plusSeconds(7300), otherManifest))
        .setRunId(Events.aRunId()).build();
    missing.getArtifacts().getFirst().setUri("s3://" + BUCKET + "/ferry/default/hourly/" + missing.getRunId() + "/manifest.json");
    RunCompleted newest = succeeded("hourly", T0.plusSeconds(7400), otherManifest);
    for (RunCompleted run : List.of(older, failed, missing, newest)) {
      KafkaProbe.send(topics.runCompleted(), "default/hourly", run);
    }
    awaitManifest("hourly", newest.getRunId());

    List<String> pointed = KafkaProbe.readAll(topics.manifests()).stream()
        .filter(r -> r.key().equals("default/hourly")).map(r -> r.value().getRunId()).toList();
    assertThat(pointed).containsExactly(current.getRunId(), newest.getRunId());
    assertThat(new String(get("/actuator/prometheus").body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("ferry_manifest_index_rejected_total{reason=\"missing\"")
        .contains("ferry_manifest_age_seconds{schedule=\"hourly\",workspace=\"default\"}");
  }

  @Test
  void aManifestChangedInTheStoreAfterIndexingIsA502NotWrongBytesUnderTheOldETag() throws Exception {
    RunCompleted run = succeeded("weekly-report", T0, manifest);
    KafkaProbe.send(topics.runCompleted(), "default/weekly-report", run);
    awaitManifest("weekly-report", run.getRunId());
    String key = run.getArtifacts().getFirst().getUri().substring(("s3://" + BUCKET + "/").length());
    try (var s3 = SharedInfrastructure.s3Client()) {
      s3.putObject(p -> p.bucket(BUCKET).key(key), RequestBody.fromBytes(otherManifest));
    }

    HttpResponse<byte[]> response = get("/api/v1/workspaces/default/schedules/weekly-report/manifest");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(json.readTree(response.body()).get("detail").asString()).contains("not the " + manifest.length);
  }

  @Test
  void aScheduleWithoutAManifestIsA404ProblemNamingIt() throws Exception {
    HttpResponse<byte[]> response = get("/api/v1/workspaces/default/schedules/weekly/manifest");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("schedule").asString()).isEqualTo("weekly");
    assertThat(problem.get("detail").asString()).contains("'weekly'").contains("no manifest to defer to yet");
    assertThat(get("/api/v1/workspaces/default/schedules/..%2Fx/manifest").statusCode()).isEqualTo(400);
  }

  @Test
  void aRestartedServiceServesEveryPointerAgainFromTheTopicBeforeItIsReady() throws Exception {
    RunCompleted run = succeeded("daily", T0, manifest);
    KafkaProbe.send(topics.runCompleted(), "default/daily", run);
    awaitManifest("daily", run.getRunId());

    try (ConfigurableApplicationContext restarted = ManifestApplication.builder()
        .properties("server.port=0", "spring.kafka.bootstrap-servers=" + SharedInfrastructure.kafka().bootstrapServers(),
            "ferry.kafka.topic-prefix=" + PREFIX, "ferry.s3.endpoint=" + SharedInfrastructure.s3().endpoint(),
            "ferry.s3.bucket=" + BUCKET, "ferry.s3.access-key=" + SharedInfrastructure.ACCESS_KEY,
            "ferry.s3.secret-key=" + SharedInfrastructure.SECRET_KEY, "ferry.manifest.indexer-group-id=restarted")
        .run()) {
      int restartedPort = Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port"));
      await().atMost(Duration.ofSeconds(30)).until(() -> get(restartedPort, "/actuator/health/readiness").statusCode() == 200);

      HttpResponse<byte[]> served = get(restartedPort, "/api/v1/workspaces/default/schedules/daily/manifest");
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.headers().firstValue("Ferry-Run-Id")).contains(run.getRunId());
    }
  }

  private RunCompleted succeeded(String schedule, Instant finishedAt, byte[] bytes) {
    String runId = Events.aRunId();
    String key = "ferry/default/" + schedule + "/" + runId + "/manifest.json";
    try (var s3 = SharedInfrastructure.s3Client()) {
      s3.putObject(p -> p.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }
    return Events.aRunCompleted().setRunId(runId).setSchedule(schedule).setFinishedAt(finishedAt)
        .setStartedAt(finishedAt.minusSeconds(60))
        .setArtifacts(new java.util.ArrayList<>(List.of(Events.anArtifact("manifest.json", "s3://" + BUCKET + "/" + key,
            bytes.length, sha256(bytes)))))
        .build();
  }

  private HttpResponse<byte[]> awaitManifest(String schedule, String runId) throws Exception {
    String path = "/api/v1/workspaces/default/schedules/" + schedule + "/manifest";
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

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
