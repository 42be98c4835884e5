package dev.ferry.bench;

import dev.ferry.embedded.InProcessKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A baseline: the bare cost of Kafka on the broker under test. {@link #millis(int)} is one produce →
 * consume round trip: send, and a consumer that polls the partition all the time on a thread of its
 * own notes when the record arrives. {@link #produceMillis(int)} is one acknowledged produce. The
 * producer and the consumer are made once and kept warm, as a service's are.
 */
public final class KafkaRoundTrip implements AutoCloseable {

  private static final Duration LIMIT = Duration.ofSeconds(30);

  private final TopicPartition partition;
  private final KafkaProducer<byte[], byte[]> producer;
  private final BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread poller;

  private KafkaRoundTrip(TopicPartition partition, KafkaProducer<byte[], byte[]> producer,
      KafkaConsumer<byte[], byte[]> consumer) throws InterruptedException {
    this.partition = partition;
    this.producer = producer;
    CountDownLatch polling = new CountDownLatch(1);
    this.poller = Thread.ofPlatform().name("bench-round-trip").daemon().start(() -> {
      try (consumer) {
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition);
        polling.countDown();
        while (running.get()) {
          for (ConsumerRecord<byte[], byte[]> ignored : consumer.poll(Duration.ofMillis(100))) {
            arrivals.add(System.nanoTime());
          }
        }
      }
    });
    if (!polling.await(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("the round-trip consumer did not start");
    }
  }

  /** Creates {@code topic} (one partition) and opens a producer with {@code acks=all} and a consumer on it. */
  public static KafkaRoundTrip open(InProcessKafka kafka, String topic) throws Exception {
    return open(kafka, topic, Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"));
  }

  /** The same with the given producer settings, e.g. those of a service's own producer. */
  public static KafkaRoundTrip open(InProcessKafka kafka, String topic, Map<String, Object> producerConfig)
      throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
    }
    Map<String, Object> config = new HashMap<>(producerConfig);
    config.keySet().removeIf(key -> key.startsWith("transactional."));
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "bench-round-trip-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    KafkaRoundTrip roundTrip = new KafkaRoundTrip(new TopicPartition(topic, 0),
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()), consumer);
    roundTrip.millis(16); // the first is slow: metadata, connections
    return roundTrip;
  }

  /** One round trip of a record of {@code bytes} bytes, in milliseconds. */
  public double millis(int bytes) throws Exception {
    arrivals.clear();
    long sent = System.nanoTime();
    producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), null, new byte[bytes]));
    Long seen = arrivals.poll(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    if (seen == null) {
      throw new IllegalStateException("a round-trip record was not seen within " + LIMIT);
    }
    return (seen - sent) / 1e6;
  }

  /** One acknowledged produce of {@code bytes} bytes, in milliseconds. */
  public double produceMillis(int bytes) throws Exception {
    long started = System.nanoTime();
    producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), null, new byte[bytes]))
        .get(LIMIT.toSeconds(), TimeUnit.SECONDS);
    double millis = (System.nanoTime() - started) / 1e6;
    arrivals.poll(LIMIT.toMillis(), TimeUnit.MILLISECONDS); // it comes round too; take it off before the next trip
    return millis;
  }

  @Override
  public void close() {
    running.set(false);
    try {
      poller.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close();
  }
}
