package dev.ferry.runner.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.embedded.FreePorts;
import dev.ferry.embedded.InProcessKafka;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStarted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Topics;
import dev.ferry.testing.SharedInfrastructure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The broker restarts while 200 short runs are queued: every run completes, none is lost and none
 * is executed twice. The runner and the broker are the real ones; the broker keeps its log on disk
 * across the restart, as a broker does.
 */
@Tag("integration")
class BrokerRestartIntegrationTest {

  private static final int RUNS = 200;

  @TempDir
  Path tmp;

  @Test
  void everyQueuedRunCompletesOnceAcrossABrokerRestart() throws Exception {
    FakeDbtRunner fake = new FakeDbtRunner(tmp, "0");
    int port = FreePorts.next();
    int controllerPort = FreePorts.next();
    Path data = tmp.resolve("kafka");
    InProcessKafka kafka = InProcessKafka.start(data, port, controllerPort);
    Topics topics = Topics.defaults();
    SharedInfrastructure.s3().ensureBucket("restart-test");
    List<String> runIds = new ArrayList<>();

    try (ConfigurableApplicationContext runner = fake.start(kafka.bootstrapServers(), Topics.DEFAULT_PREFIX,
        "restart-test", SharedInfrastructure.s3().endpoint(), "restart-test", "--ferry.runner.slots=4")) {
      try (KafkaProducer<String, RunRequested> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
          new StringSerializer(), topics.runRequested().valueSerializer())) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
          RunRequested request = fake.request().setSchedule("s" + (i % 20)).build();
          runIds.add(request.getRunId());
          sent.add(producer.send(new ProducerRecord<>(topics.runRequested().name(), "default/s" + (i % 20), request)));
        }
        for (Future<RecordMetadata> future : sent) {
          future.get();
        }
      }
      InProcessKafka first = kafka;
      await().atMost(Duration.ofMinutes(1)).until(() -> completedRunIds(first, topics).size() >= 10);

      assertThat(completedRunIds(first, topics)).as("runs are still queued when the broker stops").hasSizeLessThan(RUNS);
      kafka.close();
      kafka = InProcessKafka.start(data, port, controllerPort);

      InProcessKafka restarted = kafka;
      await().atMost(Duration.ofMinutes(4)).until(() -> completedRunIds(restarted, topics).containsAll(runIds));
      Map<String, Long> starts = read(restarted, topics.runEvents().name(), topics.runEvents().valueDeserializer())
          .stream().filter(RunStarted.class::isInstance).map(RunStarted.class::cast)
          .collect(Collectors.groupingBy(RunStarted::getRunId, Collectors.counting()));
      assertThat(starts).as("every run executed, none twice").containsOnlyKeys(runIds)
          .allSatisfy((run, count) -> assertThat(count).as(run).isOne());
    } finally {
      kafka.close();
    }
  }

  private static Set<String> completedRunIds(InProcessKafka kafka, Topics topics) {
    return read(kafka, topics.runCompleted().name(), topics.runCompleted().valueDeserializer()).stream()
        .map(RunCompleted.class::cast).filter(c -> c.getStatus() == RunStatus.SUCCEEDED)
        .map(RunCompleted::getRunId).collect(Collectors.toSet());
  }

  private static List<SpecificRecord> read(InProcessKafka kafka, String topic,
      org.apache.kafka.common.serialization.Deserializer<? extends SpecificRecord> values) {
    List<SpecificRecord> records = new ArrayList<>();
    try (KafkaConsumer<String, ? extends SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), values)) {
      var partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> records.add(r.value()));
      }
    }
    return records;
  }
}
