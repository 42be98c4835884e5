package dev.ferry.bench;

import dev.ferry.bench.report.Comparison;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.Series;
import dev.ferry.embedded.InProcessKafka;
import dev.ferry.embedded.InProcessS3;
import dev.ferry.events.DbtCommand;
import dev.ferry.events.ProjectSource;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.Topics;
import dev.ferry.events.Trigger;
import dev.ferry.runner.RunnerApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the runner adds around dbt: a real runner service (its own Spring context, default settings)
 * on an in-process broker and S3 store, real git, and a stand-in dbt that notes when it starts and
 * when it is about to exit. Runs one request at a time and measures, per run:
 * <ul>
 *   <li>start overhead: RunRequested written (its record timestamp) to the stand-in dbt started
 *       (Kafka delivery, git fetch and clone, checkout, packages from the cache, environment), against
 *       the same steps done by hand in the same round: a Kafka produce→consume round trip, a
 *       {@code git clone} of the repository and the start of a process;</li>
 *   <li>finish overhead: the stand-in's exit to RunCompleted written (its record timestamp), minus
 *       the upload time the runner measured ({@code ferry.artifact.upload.duration}), against one
 *       acknowledged produce ({@code acks=all}) of a record of the same size.</li>
 * </ul>
 */
public final class RunnerOverhead implements Benchmark {

  private static final int WARMUP = 3;
  private static final String MANIFEST = "manifest__v12__jaffle_shop__manifest_1.11.json";

  @Override
  public String id() {
    return "runner";
  }

  @Override
  public int defaultRounds() {
    return 30;
  }

  @Override
  public Section run(BenchContext context) throws Exception {
    Path work = context.scratch();
    Path manifest = context.corpusFile(MANIFEST);
    Path times = work.resolve("times");
    Path repo = StandInProject.project(work.resolve("repo"));
    Path dbt = StandInProject.standIn(work.resolve("dbt"), times, manifest);
    try (InProcessKafka kafka = InProcessKafka.startTemporary();
        InProcessS3 s3 = InProcessS3.startInMemory("bench", "bench-secret")) {
      s3.ensureBucket("bench");
      Topics topics = Topics.withPrefix("bench.");
      try (ConfigurableApplicationContext runner = RunnerApplication.builder().run("--server.port=0",
              "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--ferry.kafka.topic-prefix=bench.",
              "--ferry.s3.endpoint=" + s3.endpoint(), "--ferry.s3.bucket=bench", "--ferry.s3.access-key=bench",
              "--ferry.s3.secret-key=bench-secret", "--ferry.runner.dbt-executable=" + dbt,
              "--ferry.runner.work-dir=" + work.resolve("work"), "--logging.level.root=WARN");
          KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
              new ByteArraySerializer());
          KafkaConsumer<String, byte[]> completions = new KafkaConsumer<>(Map.of(
              ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
              ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
              ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
              new ByteArrayDeserializer());
          KafkaRoundTrip roundTrip = KafkaRoundTrip.open(kafka, "bench.round-trip")) {
        completions.subscribe(List.of(topics.runCompleted().name()));
        Timer uploads = runner.getBean(MeterRegistry.class).timer("ferry.artifact.upload.duration");
        List<Long> startOverhead = new ArrayList<>();
        List<Long> finishOverhead = new ArrayList<>();
        List<Double> startByHand = new ArrayList<>();
        List<Double> produceAcknowledged = new ArrayList<>();
        List<Double> uploadTimes = new ArrayList<>();
        int completionSize = 0;
        for (int i = 0; i < WARMUP + context.rounds(); i++) {
          String runId = UUID.randomUUID().toString();
          RunRequested request = request(runId, repo);
          double uploadedBefore = uploads.totalTime(TimeUnit.MILLISECONDS);
          byte[] requestBytes = topics.runRequested().valueSerializer().serialize(topics.runRequested().name(), request);
          long requestedAt = producer.send(new ProducerRecord<>(topics.runRequested().name(), "default/nightly",
              requestBytes)).get().timestamp();
          ConsumerRecord<String, byte[]> completed = awaitCompletion(completions, topics, runId);
          completionSize = completed.value().length;
          long uploadMillis = Math.round(uploads.totalTime(TimeUnit.MILLISECONDS) - uploadedBefore);
          long[] dbtTimes = dbtTimes(times, runId);
          double byHand = roundTrip.millis(requestBytes.length) + cloneAndStartMillis(repo, work.resolve("by-hand-" + i));
          double acknowledged = roundTrip.produceMillis(completionSize);
          if (i >= WARMUP) {
            startOverhead.add(dbtTimes[0] - requestedAt);
            finishOverhead.add(completed.timestamp() - dbtTimes[1] - uploadMillis);
            startByHand.add(byHand);
            produceAcknowledged.add(acknowledged);
            uploadTimes.add((double) uploadMillis);
          }
        }
        return new Section(id())
            .compare(Comparison.of("RunRequested written → dbt started", Series.of("start", "ms", startOverhead),
                Series.of("by hand: Kafka round trip + `git clone` + process start", "ms", startByHand)))
            .compare(Comparison.of("dbt exit → RunCompleted written, minus upload",
                Series.of("finish", "ms", finishOverhead),
                Series.of("one acknowledged produce of the same size", "ms", produceAcknowledged)))
            .figure(Series.of("upload of the run's artifacts (gzip + S3 PUT)", "ms", uploadTimes))
            .fact("one run at a time after %d warm-up runs; a runner with default settings (2 slots); the stand-in "
                + "dbt writes the corpus's `%s` (%,d bytes), a `run_results.json` and a `dbt.log`", WARMUP, MANIFEST,
                Files.size(manifest))
            .fact("the project is a git repository with a local package, so each run fetches the mirror, clones "
                + "and checks out the commit, and copies its packages from the package cache (no `dbt deps`)")
            .fact("RunCompleted record: %d bytes", completionSize);
      }
    }
  }

  /** A {@code git clone} of the repository and the start (and exit) of a process: the least a run needs. */
  private static double cloneAndStartMillis(Path repo, Path into) throws Exception {
    long started = System.nanoTime();
    StandInProject.git(repo.getParent(), "clone", "--quiet", repo.toString(), into.toString());
    Process process = new ProcessBuilder("true").start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("true failed");
    }
    return (System.nanoTime() - started) / 1e6;
  }

  private static RunRequested request(String runId, Path repo) {
    return RunRequested.newBuilder().setRunId(runId).setWorkspace("default").setSchedule("nightly")
        .setTrigger(Trigger.API).setRequestedAt(Instant.now()).setRequestedBy("bench")
        .setCommands(List.of(DbtCommand.newBuilder().setArgs(List.of("build")).build()))
        .setProject(new ProjectSource(repo.toString(), "main", null)).build();
  }

  private static ConsumerRecord<String, byte[]> awaitCompletion(KafkaConsumer<String, byte[]> consumer, Topics topics,
      String runId) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        RunCompleted completed = topics.runCompleted().valueDeserializer().deserialize(record.topic(), record.value());
        if (completed.getRunId().equals(runId)) {
          return record;
        }
      }
    }
    throw new IllegalStateException("run " + runId + " did not complete within 2 minutes");
  }

  /** When the stand-in dbt of a run started and when it was about to exit, in epoch milliseconds. */
  private static long[] dbtTimes(Path times, String runId) throws IOException {
    long[] found = new long[2];
    for (String line : Files.readAllLines(times)) {
      String[] fields = line.split(" ");
      if (fields[1].equals(runId)) {
        found[fields[0].equals("start") ? 0 : 1] = Long.parseLong(fields[2]) / 1_000_000;
      }
    }
    return found;
  }
}
