package dev.ferry.bench;

import dev.ferry.bench.report.Comparison;
import dev.ferry.bench.report.Goal;
import dev.ferry.bench.report.Paired;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.Series;
import dev.ferry.embedded.InProcessKafka;
import dev.ferry.embedded.InProcessS3;
import dev.ferry.events.DbtCommand;
import dev.ferry.events.ManifestHeaders;
import dev.ferry.events.ManifestPointer;
import dev.ferry.events.ProjectSource;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.Topic;
import dev.ferry.events.Topics;
import dev.ferry.events.Trigger;
import dev.ferry.manifest.ManifestApplication;
import dev.ferry.runner.RunnerApplication;
import dev.ferry.testing.GeneratedManifest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.ProducerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Freshness lag: from the moment a production dbt run exits to the moment the manifest API
 * answers with that run's manifest. A real runner service and a real manifest service share an
 * in-process broker and S3 store; a stand-in dbt writes the manifest and notes its exit time; the
 * benchmark then polls {@code GET …/manifest?run_id=} every few milliseconds until it gets the
 * run's bytes. The baseline, on the same broker and store in the same round, is what moving the
 * manifest from dbt to a reader cannot do without: an S3 PUT of the same bytes (the runner's own
 * S3 client) plus one Kafka produce→consume round trip of a small record. Record timestamps of
 * RunCompleted and ManifestPointer split Ferry's lag into the runner's, the indexer's and the
 * serving part.
 */
final class Freshness implements Benchmark {

  private static final String BUCKET = "bench";
  private static final String PREFIX = "bench.";
  private static final String WORKSPACE = "default";
  private static final String SCHEDULE = "nightly";
  private static final int WARMUPS = 3;
  private static final Duration POLL = Duration.ofMillis(1);
  private static final Duration ROUND_LIMIT = Duration.ofMinutes(1);
  private static final long GENERATED_BYTES = 10L * 1024 * 1024;

  @Override
  public String id() {
    return "freshness";
  }

  @Override
  public int defaultRounds() {
    return 30;
  }

  @Override
  public Section run(BenchContext context) throws Exception {
    Path work = context.scratch();
    Path small = context.corpusFile("manifest__v12__jaffle_shop__manifest_1.11.json");
    Path large = work.resolve("generated-manifest.json");
    try (OutputStream out = Files.newOutputStream(large)) {
      GeneratedManifest.basedOn(small).writeTo(out, GENERATED_BYTES, 0);
    }
    Path slot = work.resolve("manifest.json"); // what the stand-in dbt copies to target/
    Path times = work.resolve("times");
    Path repo = StandInProject.project(work.resolve("repo"));
    Path dbt = StandInProject.standIn(work.resolve("dbt"), times, slot);
    Section section = new Section(id());
    try (InProcessKafka kafka = InProcessKafka.startTemporary();
        InProcessS3 s3 = InProcessS3.startInMemory("bench", "bench-secret")) {
      s3.ensureBucket(BUCKET);
      List<String> shared = List.of("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
          "--ferry.kafka.topic-prefix=" + PREFIX, "--ferry.s3.endpoint=" + s3.endpoint(), "--ferry.s3.bucket=" + BUCKET,
          "--ferry.s3.access-key=bench", "--ferry.s3.secret-key=bench-secret", "--logging.level.root=WARN",
          "--logging.level.dev.ferry=WARN", "--server.port=0");
      List<String> runnerArgs = new ArrayList<>(shared);
      runnerArgs.addAll(List.of("--ferry.runner.dbt-executable=" + dbt,
          "--ferry.runner.work-dir=" + work.resolve("work")));
      try (ConfigurableApplicationContext runner = RunnerApplication.builder().run(runnerArgs.toArray(String[]::new));
          ConfigurableApplicationContext manifests = ManifestApplication.builder().run(shared.toArray(String[]::new));
          Rig rig = new Rig(kafka, runner, manifests, repo, times)) {
        rig.awaitReady();
        for (Size size : List.of(Size.of("jaffle_shop", small), Size.of("generated", large))) {
          Files.copy(size.file(), slot, StandardCopyOption.REPLACE_EXISTING);
          measure(rig, size, context.rounds(), section);
        }
      }
    }
    section.fact("Ferry: a real runner service and manifest service (their own Spring contexts, defaults as "
        + "shipped) on an in-process KRaft broker and S3Proxy in memory, one JVM; a stand-in dbt copies the manifest "
        + "to target/ and notes its exit time; once the run's ManifestPointer is on Kafka, the API is asked every %d ms "
        + "(`GET …/manifest?run_id=`, gzip accepted) until it answers 200 with the run's bytes", POLL.toMillis());
    section.fact("Baseline: `PutObject` of the same uncompressed bytes with the runner's own S3 client, then a "
        + "%d-byte record sent by a producer with the runner's settings (idempotent, `acks=all`) until a consumer "
        + "that is already polling receives it", Rig.RTT_PAYLOAD);
    section.fact("Manifests: %d bytes (the corpus's `manifest__v12__jaffle_shop__manifest_1.11.json`) and %d bytes "
        + "(`GeneratedManifest`: its nodes repeated)", Files.size(small), Files.size(large));
    section.fact("Parts come from record timestamps (RunCompleted, ManifestPointer: when the service sent them), the "
        + "runner's `ferry.artifact.upload.duration` and the manifest service's `ferry.manifest.index.lag` "
        + "(RunCompleted's timestamp → indexed); %d warm-up rounds per size are not counted", WARMUPS);
    return section;
  }

  /** A manifest the stand-in dbt writes: "1 MB", where it comes from, the file. */
  private record Size(String label, String origin, Path file) {
    static Size of(String origin, Path file) throws IOException {
      return new Size(String.format(Locale.ROOT, "%.0f MB", Files.size(file) / 1e6), origin, file);
    }
  }

  /** One round's parts of Ferry's lag in milliseconds; they add up to it ({@code upload} is a share of {@code runner}). */
  private record Parts(double runner, double upload, double indexer, double pointerAck, double serving) {}

  /** One round of the baseline, in milliseconds. */
  private record Baseline(double put, double roundTrip) {}

  private void measure(Rig rig, Size size, int rounds, Section section) throws Exception {
    List<Parts> parts = new ArrayList<>();
    List<Baseline> baselines = new ArrayList<>();
    Paired.Result result = Paired.measure(WARMUPS, rounds, () -> rig.ferry(parts::add), () -> {
      Baseline baseline = rig.baseline(size.file());
      baselines.add(baseline);
      return baseline.put() + baseline.roundTrip();
    });
    List<Parts> counted = parts.subList(parts.size() - rounds, parts.size());
    List<Baseline> countedBaselines = baselines.subList(baselines.size() - rounds, baselines.size());
    section.compare(Comparison.of("dbt exit → manifest served, " + size.label() + " manifest (" + size.origin() + ")",
        Series.of("Ferry", "ms", result.subject()), Series.of("S3 PUT + Kafka round trip", "ms", result.baseline()),
        Goal.atMost(1.5)));
    String of = size.label() + ": ";
    section.figure(series(of + "dbt exit → RunCompleted sent (runner)", counted, Parts::runner));
    section.figure(series(of + "… of which artifact upload (`ferry.artifact.upload.duration`)", counted, Parts::upload));
    section.figure(series(of + "RunCompleted sent → ManifestPointer sent (indexer: consume, S3 GET, verify)", counted,
        Parts::indexer));
    section.figure(series(of + "ManifestPointer sent → acknowledged and indexed", counted, Parts::pointerAck));
    section.figure(series(of + "indexed → served (API poll; the bytes from memory where this replica indexed them, else S3)", counted, Parts::serving));
    section.figure(series(of + "baseline: S3 PUT", countedBaselines, Baseline::put));
    section.figure(series(of + "baseline: Kafka round trip", countedBaselines, Baseline::roundTrip));
  }

  private static <T> Series series(String name, List<T> rounds, ToDoubleFunction<T> part) {
    return new Series(name, "ms", rounds.stream().mapToDouble(part).toArray());
  }

  /** The services under test, the clients that drive and watch them, and the baseline's clients. */
  private static final class Rig implements AutoCloseable {

    static final int RTT_PAYLOAD = 100;

    private final Topics topics = Topics.withPrefix(PREFIX);
    private final Path repo;
    private final Path times;
    private final URI manifestApi;
    private final S3Client s3;
    private final Timer uploads;
    private final MeterRegistry manifestMeters;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> watcher;
    private final KafkaRoundTrip roundTrips;

    Rig(InProcessKafka kafka, ConfigurableApplicationContext runner, ConfigurableApplicationContext manifests, Path repo,
        Path times) throws Exception {
      this.repo = repo;
      this.times = times;
      String port = manifests.getEnvironment().getProperty("local.server.port");
      this.manifestApi = URI.create("http://127.0.0.1:" + port + "/");
      this.s3 = runner.getBean(S3Client.class);
      this.uploads = runner.getBean(MeterRegistry.class).timer("ferry.artifact.upload.duration");
      this.manifestMeters = manifests.getBean(MeterRegistry.class);
      // Requests go out, and the baseline's record goes round, with the settings of the runner's own producer.
      this.producer = new KafkaProducer<>(runner.getBean(ProducerFactory.class).getConfigurationProperties(),
          new StringSerializer(), new ByteArraySerializer());
      this.watcher = consumer(kafka);
      List<TopicPartition> watched = new ArrayList<>();
      for (Topic<?> topic : List.of(topics.runCompleted(), topics.manifests())) {
        for (int p = 0; p < topic.partitions(); p++) {
          watched.add(new TopicPartition(topic.name(), p));
        }
      }
      watcher.assign(watched);
      watcher.seekToEnd(watched);
      watched.forEach(watcher::position);
      this.roundTrips = KafkaRoundTrip.open(kafka, PREFIX + "round-trip",
          runner.getBean(ProducerFactory.class).getConfigurationProperties());
    }

    private static KafkaConsumer<String, byte[]> consumer(InProcessKafka kafka) {
      return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
          new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Waits until the manifest service has replayed its topic and its indexer has started. */
    void awaitReady() throws Exception {
      long deadline = System.nanoTime() + ROUND_LIMIT.toNanos();
      while (get("actuator/health/readiness").status() != 200) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the manifest service did not become ready within " + ROUND_LIMIT);
        }
        Thread.sleep(50);
      }
    }

    /** One production run: returns dbt exit → manifest served in milliseconds, and hands on its parts. */
    double ferry(Consumer<Parts> partsOut) throws Exception {
      String runId = UUID.randomUUID().toString();
      double uploadedBefore = uploads.totalTime(TimeUnit.NANOSECONDS);
      double indexedBefore = indexLagNanos();
      producer.send(new ProducerRecord<>(topics.runRequested().name(), WORKSPACE + "/" + SCHEDULE,
          topics.runRequested().valueSerializer().serialize(topics.runRequested().name(), request(runId)))).get();
      long deadline = System.nanoTime() + ROUND_LIMIT.toNanos();
      long exitedNanos = awaitExit(runId, deadline);
      // The API is asked only once the pointer is on Kafka (it serves a manifest only after that): polling it
      // all along took a fifth of this 2-core machine's CPU away from the services being measured.
      long[] sent = awaitSent(runId, deadline);
      long servedNanos = awaitServed(runId, deadline);
      double upload = (uploads.totalTime(TimeUnit.NANOSECONDS) - uploadedBefore) / 1e6;
      double indexed = sent[0] + (indexLagNanos() - indexedBefore) / 1e6;
      double exited = exitedNanos / 1e6;
      double served = servedNanos / 1e6;
      partsOut.accept(new Parts(sent[0] - exited, upload, sent[1] - sent[0], indexed - sent[1], served - indexed));
      return served - exited;
    }

    /** The manifest service's {@code ferry.manifest.index.lag} so far: RunCompleted's timestamp → indexed, summed. */
    private double indexLagNanos() {
      Timer lag = manifestMeters.find("ferry.manifest.index.lag").timer();
      return lag == null ? 0 : lag.totalTime(TimeUnit.NANOSECONDS);
    }

    /** S3 PUT of the manifest's bytes, then a Kafka round trip. */
    Baseline baseline(Path manifest) throws Exception {
      String key = "baseline/" + UUID.randomUUID() + "/manifest.json";
      long started = System.nanoTime();
      s3.putObject(put -> put.bucket(BUCKET).key(key).contentType("application/json"), RequestBody.fromFile(manifest));
      double put = (System.nanoTime() - started) / 1e6;
      double roundTrip = roundTrips.millis(RTT_PAYLOAD);
      s3.deleteObject(delete -> delete.bucket(BUCKET).key(key));
      return new Baseline(put, roundTrip);
    }

    private RunRequested request(String runId) {
      return RunRequested.newBuilder().setRunId(runId).setWorkspace(WORKSPACE).setSchedule(SCHEDULE)
          .setTrigger(Trigger.API).setRequestedAt(Instant.now()).setRequestedBy("bench freshness")
          .setCommands(List.of(DbtCommand.newBuilder().setArgs(List.of("build")).build()))
          .setProject(new ProjectSource(repo.toString(), "main", null)).build();
    }

    /** The stand-in dbt's exit time of the run, in epoch nanoseconds. */
    private long awaitExit(String runId, long deadline) throws Exception {
      String prefix = "end " + runId + " ";
      while (System.nanoTime() < deadline) {
        if (Files.exists(times)) {
          for (String line : Files.readAllLines(times)) {
            if (line.startsWith(prefix)) {
              return Long.parseLong(line.substring(prefix.length()).strip());
            }
          }
        }
        Thread.sleep(1);
      }
      throw new IllegalStateException("dbt of run " + runId + " did not end within " + ROUND_LIMIT);
    }

    /** Polls the manifest API until it serves the run's manifest; returns when the last byte came, in epoch nanoseconds. */
    private long awaitServed(String runId, long deadline) throws Exception {
      String path = "api/v1/workspaces/" + WORKSPACE + "/schedules/" + SCHEDULE + "/manifest?run_id=" + runId;
      while (System.nanoTime() < deadline) {
        Answer answer = get(path);
        if (answer.status() == 200) {
          if (!runId.equals(answer.runId())) {
            throw new IllegalStateException("asked for run " + runId + ", got run " + answer.runId());
          }
          return epochNanos();
        }
        Thread.sleep(POLL);
      }
      throw new IllegalStateException("the manifest of run " + runId + " was not served within " + ROUND_LIMIT);
    }

    /** When the runner sent the run's RunCompleted and the indexer its ManifestPointer (record timestamps, epoch ms). */
    private long[] awaitSent(String runId, long deadline) {
      long completed = -1;
      long pointer = -1;
      while ((completed < 0 || pointer < 0) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : watcher.poll(Duration.ofMillis(100))) {
          if (record.value() == null) {
            continue;
          }
          if (record.topic().equals(topics.runCompleted().name())) {
            RunCompleted run = topics.runCompleted().valueDeserializer().deserialize(record.topic(), record.value());
            completed = run.getRunId().equals(runId) ? record.timestamp() : completed;
          } else {
            ManifestPointer sent = topics.manifests().valueDeserializer().deserialize(record.topic(), record.value());
            pointer = sent.getRunId().equals(runId) ? record.timestamp() : pointer;
          }
        }
      }
      if (completed < 0 || pointer < 0) {
        throw new IllegalStateException("no RunCompleted or ManifestPointer of run " + runId + " on Kafka");
      }
      return new long[] {completed, pointer};
    }

    /** An answer of the manifest service: its status and the run it names. */
    private record Answer(int status, String runId) {}

    /**
     * GETs {@code path} with gzip accepted and reads the whole answer on this thread, over a kept-alive
     * connection: a blocking client, so that the measurement adds no hand-offs between threads of its own.
     */
    private Answer get(String path) throws IOException {
      HttpURLConnection connection = (HttpURLConnection) manifestApi.resolve(path).toURL().openConnection();
      connection.setRequestProperty("Accept-Encoding", "gzip");
      int status = connection.getResponseCode();
      try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
        if (body != null) {
          body.transferTo(OutputStream.nullOutputStream());
        }
      }
      return new Answer(status, connection.getHeaderField(ManifestHeaders.RUN_ID));
    }

    private static long epochNanos() {
      Instant now = Instant.now();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void close() {
      roundTrips.close();
      watcher.close();
      producer.close();
    }
  }
}
