package dev.ferry.bench;

import dev.ferry.embedded.InProcessKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A baseline: the bare cost of Kafka on the broker under test. {@link #millis()} is one produce →
 * consume round trip (send with {@code acks=all}, a subscribed consumer sees the record);
 * {@link #produceMillis(int)} one acknowledged produce. Producer and consumer are made once and kept
 * warm, as a service's are.
 */
public final class KafkaRoundTrip implements AutoCloseable {

  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;

  private KafkaRoundTrip(String topic, KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> consumer) {
    this.topic = topic;
    this.producer = producer;
    this.consumer = consumer;
  }

  /** Creates {@code topic} (one partition) and opens a warm producer and consumer on it. */
  public static KafkaRoundTrip open(InProcessKafka kafka, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
    }
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer());
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "bench-round-trip-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    KafkaRoundTrip roundTrip = new KafkaRoundTrip(topic, producer, consumer);
    consumer.subscribe(List.of(topic));
    producer.send(new ProducerRecord<>(topic, new byte[0])).get(30, TimeUnit.SECONDS);
    while (consumer.assignment().isEmpty()) {
      consumer.poll(Duration.ofMillis(100));
    }
    roundTrip.millis(); // the first is slow: metadata, connections
    return roundTrip;
  }

  /** One round trip of a small record, in milliseconds. */
  public double millis() throws Exception {
    byte[] marker = UUID.randomUUID().toString().getBytes();
    long started = System.nanoTime();
    producer.send(new ProducerRecord<>(topic, marker)).get();
    long deadline = started + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        if (java.util.Arrays.equals(record.value(), marker)) {
          return (System.nanoTime() - started) / 1e6;
        }
      }
    }
    throw new IllegalStateException("the round-trip record did not come back within 30 s");
  }

  /** One acknowledged produce of {@code bytes} bytes, in milliseconds. */
  public double produceMillis(int bytes) throws Exception {
    long started = System.nanoTime();
    producer.send(new ProducerRecord<>(topic, new byte[bytes])).get();
    return (System.nanoTime() - started) / 1e6;
  }

  @Override
  public void close() {
    producer.close();
    consumer.close();
  }
}
