package dev.ferry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.ManifestPointer;
import dev.ferry.events.Topic;
import dev.ferry.events.Topics;
import dev.ferry.testing.FerryHome;
import dev.ferry.testing.HttpProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's trace, end to end: two schedules fire on the same cron tick, and each run is one trace
 * of its own from its RunRequested (written by the scheduler's transactional producer) through the
 * runner's RunStarted, RunCompleted and log lines to the manifest service's ManifestPointer, carried
 * between services by the W3C {@code traceparent} header of each record. A run triggered through
 * the API continues the trace of its HTTP request.
 */
@Tag("e2e")
@ExtendWith(OutputCaptureExtension.class)
class TracingTest {

  /** version-traceid-spanid-flags, https://www.w3.org/TR/trace-context/#traceparent-header */
  private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
  private static final Topics TOPICS = Topics.defaults();

  @TempDir
  static Path tmp;

  private static StandaloneSystem system;
  private static StandaloneOptions.Ports ports;

  @BeforeAll
  static void startFerryWithTwoSchedulesOnTheSameMinute() throws IOException {
    // dbt parse writes a manifest in a few seconds: enough for the manifest service to index it.
    Path schedules = ExampleSchedules.write(tmp, """
        schedules:
          - name: parse-a
            schedule: "* * * * *"
            commands: [dbt parse]
            project: {repository: analytics, subdirectory: examples/jaffle_shop}
            target: prod
          - name: parse-b
            schedule: "* * * * *"
            commands: [dbt parse]
            project: {repository: analytics, subdirectory: examples/jaffle_shop}
            target: prod
        """);
    ports = ExampleSchedules.freePorts();
    system = StandaloneSystem.start(new StandaloneOptions(tmp.resolve("data"), schedules, FerryHome.dbt().toString(),
        ports, Map.of("JAFFLE_SHOP_DUCKDB_DIR", tmp.resolve("data/warehouse").toString()), false));
  }

  @AfterAll
  static void stop() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void eachCronRunIsOneTraceFromItsRequestThroughTheRunnerToItsManifestPointer(CapturedOutput output) {
    // Each schedule fires at the next full minute; its run's pointer is the last record of the trace.
    List<ConsumerRecord<String, ManifestPointer>> pointers = new ArrayList<>();
    await("a manifest pointer of each schedule").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
        .until(() -> {
          pointers.clear();
          pointers.addAll(readAll(TOPICS.manifests()));
          return pointers.stream().map(p -> p.value().getSchedule()).distinct().count() == 2;
        });

    List<String> traces = new ArrayList<>();
    for (ConsumerRecord<String, ManifestPointer> pointer : pointers) {
      String runId = pointer.value().getRunId();
      String trace = traceId(onlyRecordOfRun(TOPICS.runRequested(), runId));

      assertThat(traceId(pointer)).as("ManifestPointer of run " + runId).isEqualTo(trace);
      assertThat(traceId(onlyRecordOfRun(TOPICS.runCompleted(), runId))).as("RunCompleted of " + runId).isEqualTo(trace);
      List<ConsumerRecord<String, SpecificRecord>> events = recordsOfRun(TOPICS.runEvents(), runId);
      assertThat(events).as("RunStarted (and heartbeats) of " + runId).isNotEmpty()
          .allSatisfy(event -> assertThat(traceId(event)).isEqualTo(trace));
      assertThat(events).anySatisfy(event -> assertThat(event.value().getSchema().getName()).isEqualTo("RunStarted"));
      assertThat(output.getAll().lines().filter(line -> line.contains("Run " + runId + " of default/")))
          .as("the runner's log lines of run " + runId).isNotEmpty()
          .allSatisfy(line -> assertThat(line).contains(trace));
      traces.add(trace);
    }
    assertThat(traces).as("one trace per run, even for runs fired in one transaction").doesNotHaveDuplicates();
  }

  @Test
  void aRunTriggeredThroughTheApiContinuesTheTraceOfItsRequest(CapturedOutput output) {
    HttpResponse<String> trigger = HttpProbe.post(URI.create(
        "http://127.0.0.1:" + ports.scheduler() + "/api/v1/workspaces/default/schedules/parse-b/runs"), "");
    assertThat(trigger.statusCode()).as(trigger.body()).isBetween(200, 299);
    String runId = JsonMapper.builder().build().readTree(trigger.body()).get("runId").asString();

    await("run " + runId + "'s manifest pointer").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
        .until(() -> !recordsOfRun(TOPICS.manifests(), runId).isEmpty());

    String trace = traceId(onlyRecordOfRun(TOPICS.runRequested(), runId));
    assertThat(output.getAll().lines().filter(line -> line.contains("Requested run " + runId)))
        .as("the scheduler's log line of the API request").singleElement().asString().contains(trace);
    assertThat(traceId(onlyRecordOfRun(TOPICS.runCompleted(), runId))).isEqualTo(trace);
    assertThat(traceId(onlyRecordOfRun(TOPICS.manifests(), runId))).isEqualTo(trace);
  }

  private static String traceId(ConsumerRecord<String, ?> record) {
    Header header = record.headers().lastHeader("traceparent");
    assertThat(header).as("traceparent header of " + record.topic() + "@" + record.offset()).isNotNull();
    Matcher matcher = TRACEPARENT.matcher(new String(header.value(), StandardCharsets.UTF_8));
    assertThat(matcher.matches()).as("a W3C traceparent: " + new String(header.value(), StandardCharsets.UTF_8)).isTrue();
    return matcher.group(1);
  }

  private static <V extends SpecificRecord> ConsumerRecord<String, V> onlyRecordOfRun(Topic<V> topic, String runId) {
    List<ConsumerRecord<String, V>> records = recordsOfRun(topic, runId);
    assertThat(records).as(topic.name() + " records of run " + runId).hasSize(1);
    return records.getFirst();
  }

  private static <V extends SpecificRecord> List<ConsumerRecord<String, V>> recordsOfRun(Topic<V> topic, String runId) {
    return readAll(topic).stream().filter(record -> runId.equals(field(record, "runId"))).toList();
  }

  private static String field(ConsumerRecord<String, ? extends SpecificRecord> record, String name) {
    SpecificRecord value = record.value();
    return Optional.ofNullable(value.getSchema().getField(name)).map(f -> String.valueOf(value.get(f.pos()))).orElse(null);
  }

  /** Every committed record of the topic now, read as the services read. */
  private static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readAll(Topic<V> topic) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), topic.valueDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, V>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
          if (record.value() != null) {
            records.add(record);
          }
        });
      }
      return records;
    }
  }
}
