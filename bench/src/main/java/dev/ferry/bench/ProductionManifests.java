package dev.ferry.bench;

import dev.ferry.embedded.InProcessKafka;
import dev.ferry.embedded.InProcessS3;
import dev.ferry.events.ArtifactRef;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Topics;
import dev.ferry.manifest.ManifestApplication;
import dev.ferry.testing.Events;
import dev.ferry.testing.SharedInfrastructure;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A real manifest service (its own Spring context, default settings) on an in-process broker and
 * S3 server, and a way to make a manifest its defer target the way production does: the manifest
 * stored gzip-compressed in S3 under the runner's key and metadata, then a RunCompleted naming it,
 * then waiting until the service serves it.
 */
final class ProductionManifests implements AutoCloseable {

  static final String WORKSPACE = "default";
  private static final String BUCKET = "ferry-bench";
  private static final String ACCESS_KEY = "bench";
  private static final String SECRET_KEY = "bench-secret";
  private static final String TOPIC_PREFIX = "bench.";
  private static final Duration INDEXED_WITHIN = Duration.ofMinutes(2);

  private final InProcessKafka kafka;
  private final InProcessS3 s3;
  private final S3Client s3Client;
  private final ConfigurableApplicationContext service;
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  /** A manifest that the service serves: where it is stored and what it is. */
  record Published(String schedule, String runId, String key, long storedBytes, long bytes, String sha256) {}

  private ProductionManifests() {
    kafka = InProcessKafka.startTemporary();
    s3 = InProcessS3.startInMemory(ACCESS_KEY, SECRET_KEY);
    s3.ensureBucket(BUCKET);
    s3Client = SharedInfrastructure.s3Client(s3.endpoint(), ACCESS_KEY, SECRET_KEY);
    service = ManifestApplication.builder().run("--server.port=0",
        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--ferry.kafka.topic-prefix=" + TOPIC_PREFIX,
        "--ferry.s3.endpoint=" + s3.endpoint(), "--ferry.s3.bucket=" + BUCKET, "--ferry.s3.access-key=" + ACCESS_KEY,
        "--ferry.s3.secret-key=" + SECRET_KEY, "--logging.level.root=WARN");
    base = URI.create("http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port"));
  }

  static ProductionManifests start() {
    ProductionManifests started = new ProductionManifests();
    started.awaitReady();
    return started;
  }

  /** The service's base URL, as {@code FERRY_MANIFEST_URL}. */
  URI base() {
    return base;
  }

  /** {@code …/schedules/<schedule>/manifest}, what the CLI GETs. */
  URI manifestUri(String schedule) {
    return base.resolve("/api/v1/workspaces/" + WORKSPACE + "/schedules/" + schedule + "/manifest");
  }

  /**
   * Stores {@code manifest} as the runner does (ArtifactUploader: {@code <prefix>/<workspace>/<schedule>/<run>/manifest.json.gz},
   * gzip level 6 with a 64 KB buffer, {@code Content-Encoding: gzip}, the SHA-256 of the uncompressed bytes as
   * metadata), announces the run and waits until the service serves it.
   */
  Published publish(String schedule, Path manifest, Path scratch) throws Exception {
    String runId = Events.aRunId();
    String key = "ferry/" + WORKSPACE + "/" + schedule + "/" + runId + "/manifest.json.gz";
    Path compressed = Files.createTempFile(scratch, "manifest", ".json.gz");
    String sha256;
    try (DigestInputStream in = new DigestInputStream(Files.newInputStream(manifest), MessageDigest.getInstance("SHA-256"));
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(compressed), 64 * 1024)) {
      in.transferTo(out);
      sha256 = HexFormat.of().formatHex(in.getMessageDigest().digest());
    }
    long storedBytes = Files.size(compressed);
    s3Client.putObject(put -> put.bucket(BUCKET).key(key).contentType("application/json").contentEncoding("gzip")
        .contentLength(storedBytes).metadata(Map.of("sha256", sha256)), RequestBody.fromFile(compressed));
    Files.delete(compressed);
    ArtifactRef ref = new ArtifactRef("manifest.json", "s3://" + BUCKET + "/" + key, storedBytes, "gzip", sha256);
    Instant finished = Instant.now();
    RunCompleted run = Events.aRunCompleted().setRunId(runId).setWorkspace(WORKSPACE).setSchedule(schedule)
        .setStatus(RunStatus.SUCCEEDED).setStartedAt(finished.minusSeconds(60)).setFinishedAt(finished)
        .setArtifacts(List.of(ref)).build();
    Topics topics = Topics.withPrefix(TOPIC_PREFIX);
    try (KafkaProducer<String, RunCompleted> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
        topics.runCompleted().valueSerializer())) {
      producer.send(new ProducerRecord<>(topics.runCompleted().name(), WORKSPACE + "/" + schedule, run))
          .get(30, TimeUnit.SECONDS);
    }
    awaitServed(schedule, runId);
    return new Published(schedule, runId, key, storedBytes, Files.size(manifest), sha256);
  }

  /** A URL that GETs the stored object straight from S3 without credentials, as curl or a browser would. */
  URI presigned(Published manifest) {
    try (S3Presigner presigner = S3Presigner.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1)
        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build()) {
      return URI.create(presigner.presignGetObject(p -> p.signatureDuration(Duration.ofHours(6))
          .getObjectRequest(g -> g.bucket(BUCKET).key(manifest.key()))).url().toString());
    }
  }

  private void awaitReady() {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/actuator/health/readiness")).build();
    long deadline = System.nanoTime() + INDEXED_WITHIN.toNanos();
    while (status(request) != 200) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the manifest service was not ready within " + INDEXED_WITHIN);
      }
      sleep();
    }
  }

  private void awaitServed(String schedule, String runId) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(manifestUri(schedule) + "/metadata?run_id=" + runId)).build();
    long deadline = System.nanoTime() + INDEXED_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (status(request) == 200) {
        HttpRequest latest = HttpRequest.newBuilder(URI.create(manifestUri(schedule) + "/metadata")).build();
        if (body(latest).contains(runId)) {
          return;
        }
      }
      sleep();
    }
    throw new IllegalStateException("run " + runId + " of " + schedule + " was not indexed within " + INDEXED_WITHIN);
  }

  private int status(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String body(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    service.close();
    s3Client.close();
    s3.close();
    kafka.close();
  }
}
