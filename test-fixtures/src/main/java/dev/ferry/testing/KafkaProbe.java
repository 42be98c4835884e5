package dev.ferry.testing;

import dev.ferry.events.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes records to and reads records from the shared test broker, as an outside client would. */
public final class KafkaProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private KafkaProbe() {}

  /** Sends an event with the contract's serializer and waits for the broker's acknowledgement. */
  public static <V extends SpecificRecord> void send(Topic<V> topic, String key, V event) {
    try (var producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), topic.valueSerializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, event)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot send to " + topic.name(), e);
    }
  }

  /** Sends raw bytes with the given headers, as a foreign producer would. */
  public static void sendRaw(String topic, String key, byte[] value, Map<String, String> headers) {
    RecordHeaders recordHeaders = new RecordHeaders();
    headers.forEach((name, v) -> recordHeaders.add(name, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    try (var producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, null, key, value, recordHeaders)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot send to " + topic, e);
    }
  }

  /** Reads the topic from its start until a record matches; fails after a minute. */
  public static <V extends SpecificRecord> ConsumerRecord<String, V> awaitRecord(
      Topic<V> topic, Predicate<ConsumerRecord<String, V>> match) {
    try (var consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), topic.valueDeserializer())) {
      return await(consumer, topic.name(), match);
    }
  }

  /** Reads raw records of any topic (a dead-letter topic, say) until one matches. */
  public static ConsumerRecord<String, byte[]> awaitRawRecord(String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
    try (var consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
      return await(consumer, topic, match);
    }
  }

  /** Every record of a topic at this moment. */
  public static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readAll(Topic<V> topic) {
    return readAll(topic, consumerConfig());
  }

  /**
   * Every committed record of a topic at this moment, read as Ferry's services read
   * ({@code isolation.level=read_committed}): records of aborted transactions are left out, and
   * the read stops at the last stable offset.
   */
  public static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readAllCommitted(Topic<V> topic) {
    Map<String, Object> config = new java.util.HashMap<>(consumerConfig());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return readAll(topic, config);
  }

  private static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readAll(Topic<V> topic,
      Map<String, Object> config) {
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), topic.valueDeserializer())) {
      List<TopicPartition> partitions = assignFromStart(consumer, topic.name());
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, V>> records = new ArrayList<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  private static <V> ConsumerRecord<String, V> await(KafkaConsumer<String, V> consumer, String topic,
      Predicate<ConsumerRecord<String, V>> match) {
    assignFromStart(consumer, topic);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
        if (match.test(record)) {
          return record;
        }
      }
    }
    throw new AssertionError("no matching record on " + topic + " within " + TIMEOUT);
  }

  private static List<TopicPartition> assignFromStart(KafkaConsumer<?, ?> consumer, String topic) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
    while ((infos == null || infos.isEmpty()) && System.nanoTime() < deadline) {
      infos = consumer.partitionsFor(topic, TIMEOUT);
    }
    if (infos == null || infos.isEmpty()) {
      throw new AssertionError("topic " + topic + " does not exist");
    }
    List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return partitions;
  }

  private static Map<String, Object> producerConfig() {
    return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all");
  }

  private static Map<String, Object> consumerConfig() {
    return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
  }
}
