package dev.ferry.bench;

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
 * What the runner adds around dbt: a real runner service (its own Spring context) on an
 * in-process broker and S3 store, real git, and a stand-in dbt that notes when it starts and when
 * it is about to exit. Runs one request at a time and prints, at p50, p90 and max:
 * <ul>
 *   <li>start overhead: RunRequested written (its record timestamp) to the stand-in dbt started
 *       (git fetch and clone, checkout, packages from the cache, environment);</li>
 *   <li>finish overhead: the stand-in's exit to RunCompleted written (its record timestamp), minus
 *       the upload time the runner measured ({@code ferry.artifact.upload.duration}).</li>
 * </ul>
 *
 * <p>Usage: {@code java -cp ... dev.ferry.bench.RunnerOverhead [runs=30] [manifest.json]}.
 */
public final class RunnerOverhead {

  private static final int WARMUP = 3;

  private RunnerOverhead() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Path work = Files.createTempDirectory("ferry-runner-overhead-");
    Path manifest = args.length > 1 ? Path.of(args[1]) : Files.writeString(work.resolve("manifest.json"), "{}");
    Path times = work.resolve("times");
    Path repo = StandInProject.project(work.resolve("repo"));
    Path dbt = StandInProject.standIn(work.resolve("dbt"), times, manifest);
    System.out.printf("JDK %s, %d cores, manifest %d bytes%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
        Files.size(manifest));
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
              new ByteArrayDeserializer())) {
        completions.subscribe(List.of(topics.runCompleted().name()));
        Timer uploads = runner.getBean(MeterRegistry.class).timer("ferry.artifact.upload.duration");
        List<Long> startOverhead = new ArrayList<>();
        List<Long> finishOverhead = new ArrayList<>();
        for (int i = 0; i < WARMUP + runs; i++) {
          String runId = UUID.randomUUID().toString();
          RunRequested request = request(runId, repo);
          double uploadedBefore = uploads.totalTime(TimeUnit.MILLISECONDS);
          long requestedAt = producer.send(new ProducerRecord<>(topics.runRequested().name(), "default/nightly",
              topics.runRequested().valueSerializer().serialize(topics.runRequested().name(), request))).get().timestamp();
          long completedAt = awaitCompletion(completions, topics, runId);
          long uploadMillis = Math.round(uploads.totalTime(TimeUnit.MILLISECONDS) - uploadedBefore);
          long[] dbtTimes = dbtTimes(times, runId);
          if (i >= WARMUP) {
            startOverhead.add(dbtTimes[0] - requestedAt);
            finishOverhead.add(completedAt - dbtTimes[1] - uploadMillis);
          }
        }
        System.out.printf("%nRunner overhead over %d sequential runs (after %d warm-up runs)%n", runs, WARMUP);
        print("RunRequested written -> dbt started", startOverhead);
        print("dbt exit -> RunCompleted written, minus upload", finishOverhead);
        System.out.printf("  upload of the run's artifacts: mean %.0f ms%n", uploads.mean(TimeUnit.MILLISECONDS));
      }
    }
  }

  private static RunRequested request(String runId, Path repo) {
    return RunRequested.newBuilder().setRunId(runId).setWorkspace("default").setSchedule("nightly")
        .setTrigger(Trigger.API).setRequestedAt(Instant.now()).setRequestedBy("bench")
        .setCommands(List.of(DbtCommand.newBuilder().setArgs(List.of("build")).build()))
        .setProject(new ProjectSource(repo.toString(), "main", null)).build();
  }

  private static long awaitCompletion(KafkaConsumer<String, byte[]> consumer, Topics topics, String runId) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        RunCompleted completed = topics.runCompleted().valueDeserializer().deserialize(record.topic(), record.value());
        if (completed.getRunId().equals(runId)) {
          return record.timestamp();
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

  private static void print(String what, List<Long> millis) {
    long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf("  %s: p50 %d ms, p90 %d ms, max %d ms%n", what, sorted[sorted.length / 2],
        sorted[(int) Math.ceil(sorted.length * 0.9) - 1], sorted[sorted.length - 1]);
  }
}
