package dev.ferry.runner.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Topics;
import dev.ferry.testing.Events;
import dev.ferry.testing.KafkaProbe;
import dev.ferry.testing.SharedInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A thousand records no runner can use (garbage bytes, another event's schema, an unsafe name in
 * JSON, broken JSON, 5 MB of noise, a well-formed request for a schedule the runner's schedules
 * file does not hold), interleaved with good run requests: every poison record ends in the
 * dead-letter topic with the reason, every good run completes, and no consumer stops.
 */
@Tag("integration")
class PoisonRecordsIntegrationTest {

  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();
  private static final int POISON = 1000;
  private static final int GOOD = 20;
  private static final int LARGE = 5 * 1024 * 1024;

  @TempDir
  java.nio.file.Path tmp;

  @Test
  void everyPoisonRecordIsDeadLetteredWithItsReasonAndEveryGoodRunCompletes() throws Exception {
    FakeDbtRunner fake = new FakeDbtRunner(tmp, "0");
    Topics topics = Topics.withPrefix(PREFIX);
    String requested = topics.runRequested().name();
    SharedInfrastructure.s3().ensureBucket("poison-test");
    createTopicTakingLargeRecords(requested);
    java.nio.file.Path schedules = java.nio.file.Files.writeString(tmp.resolve("ferry_schedules.yml"), """
        schedules:
          - {name: nightly, schedule: "@daily", commands: [dbt build], project: {repository: "https://example.com/a.git"}}
        """);

    try (ConfigurableApplicationContext runner = fake.start(PREFIX, "poison-test", SharedInfrastructure.s3().endpoint(),
        "poison-test", "--ferry.runner.slots=4", "--spring.kafka.consumer.max-partition-fetch-bytes=" + 2 * LARGE,
        "--ferry.runner.schedules-file=" + schedules)) {
      List<String> good = new ArrayList<>();
      Map<String, Integer> poisonByKind = new HashMap<>();
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers(),
          ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * LARGE), new StringSerializer(), new ByteArraySerializer())) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < POISON + GOOD; i++) {
          ProducerRecord<String, byte[]> record;
          if (i % ((POISON + GOOD) / GOOD) == 0 && good.size() < GOOD) {
            RunRequested request = fake.request().build();
            good.add(request.getRunId());
            record = new ProducerRecord<>(requested, "default/nightly",
                topics.runRequested().valueSerializer().serialize(requested, request));
          } else {
            String kind = switch (i % 4) {
              case 0 -> "garbage";
              case 1 -> "wrong-schema";
              case 2 -> "unsafe-name";
              default -> i % 100 == 3 ? "large" : i % 8 == 7 ? "unknown-schedule" : "garbage-json";
            };
            poisonByKind.merge(kind, 1, Integer::sum);
            record = poison(kind, requested, topics, random, fake);
          }
          sent.add(producer.send(record));
        }
        for (Future<RecordMetadata> future : sent) {
          future.get();
        }
      }
      assertThat(good).hasSize(GOOD);
      assertThat(poisonByKind.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(POISON);

      List<ConsumerRecord<String, byte[]>> dead = awaitRecords(topics.runRequested().deadLetterName(), POISON);
      assertThat(dead).hasSize(POISON).allSatisfy(record ->
          assertThat(record.headers().lastHeader("ferry-dlt-reason")).as("every dead letter says why").isNotNull());
      Map<String, Long> reasons = dead.stream().collect(Collectors.groupingBy(
          r -> new String(r.headers().lastHeader("ferry-dlt-reason").value(), StandardCharsets.UTF_8)
              .replaceAll("[:'].*", ""), Collectors.counting()));
      assertThat(reasons).as("reasons, by their start").hasSizeGreaterThanOrEqualTo(3)
          .containsEntry("unknown schedule default/ghost", (long) poisonByKind.get("unknown-schedule"));
      assertThat(dead.stream().filter(r -> r.headers().lastHeader("ferry-dlt-truncated-from") != null))
          .as("the 5 MB records, kept cut short so the dead-letter topic takes them")
          .hasSize(poisonByKind.get("large"))
          .allSatisfy(r -> assertThat(new String(r.headers().lastHeader("ferry-dlt-truncated-from").value(),
              StandardCharsets.UTF_8)).isEqualTo(Integer.toString(LARGE)));

      Set<String> completed = new java.util.HashSet<>();
      await().atMost(Duration.ofMinutes(2)).until(() -> {
        KafkaProbe.readAll(topics.runCompleted()).stream().map(ConsumerRecord::value)
            .filter(c -> c.getStatus() == RunStatus.SUCCEEDED).map(RunCompleted::getRunId).forEach(completed::add);
        return completed.containsAll(good);
      });
    }
  }

  private static ProducerRecord<String, byte[]> poison(String kind, String topic, Topics topics, Random random,
      FakeDbtRunner fake) {
    RecordHeaders headers = new RecordHeaders();
    byte[] value = switch (kind) {
      case "garbage" -> randomBytes(random, 64);
      case "large" -> randomBytes(random, LARGE);
      case "unknown-schedule" -> topics.runRequested().valueSerializer()
          .serialize(topic, fake.request().setSchedule("ghost").build());
      case "wrong-schema" -> topics.runCompleted().valueSerializer()
          .serialize(topics.runCompleted().name(), Events.aRunCompleted().build());
      case "unsafe-name" -> {
        headers.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        yield ("{\"runId\": \"" + Events.aRunId() + "\", \"workspace\": \"default\", \"schedule\": \"../../etc\","
            + " \"trigger\": \"API\", \"requestedAt\": 0, \"commands\": [{\"args\": [\"build\"]}],"
            + " \"project\": {\"repository\": \"https://example.com/a.git\"}}").getBytes(StandardCharsets.UTF_8);
      }
      default -> {
        headers.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        yield "{\"runId\": 42".getBytes(StandardCharsets.UTF_8);
      }
    };
    return new ProducerRecord<>(topic, null, "default/nightly", value, headers);
  }

  private static byte[] randomBytes(Random random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Creates the request topic taking 5 MB records, as an operator could; its dead-letter topic keeps the default. */
  private static void createTopicTakingLargeRecords(String topic) throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers",
        SharedInfrastructure.kafka().bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1)
          .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(2 * LARGE))))).all().get();
    }
  }

  private static List<ConsumerRecord<String, byte[]>> awaitRecords(String topic, int count) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "poison-reader-" + java.util.UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofMinutes(3)).until(() -> {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        return records.size() >= count;
      });
    }
    return records;
  }
}
