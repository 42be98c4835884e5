package dev.ferry.support.kafka;

import dev.ferry.events.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads a topic from its first offset on every start and hands each record to a sink, so that a
 * service rebuilds its in-memory view from Kafka instead of a database. Every replica reads every
 * partition (no consumer group). {@link #isCaughtUp()} turns true once the records that existed
 * at start have been applied; the readiness probe waits for it.
 *
 * <p>Owns one thread, which is the only one that calls the sink. A record it cannot read, or that
 * the sink cannot apply, is skipped with a log line: the topic's listeners dead-letter it.
 */
public final class TopicReplay<V extends SpecificRecord> implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(TopicReplay.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private final Topic<V> topic;
  private final Map<String, Object> config;
  private final java.util.function.Consumer<ConsumerRecord<String, V>> sink;

  private final List<Runnable> whenCaughtUp = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean running;
  private volatile boolean caughtUp;
  /** Next offset to apply per partition, after the last poll; read by other threads. */
  private volatile Map<TopicPartition, Long> positions = Map.of();
  private volatile KafkaConsumer<String, V> consumer;
  private Thread thread;

  public TopicReplay(Topic<V> topic, Map<String, Object> consumerConfig, BiConsumer<String, V> sink) {
    this(topic, consumerConfig, (java.util.function.Consumer<ConsumerRecord<String, V>>)
        record -> sink.accept(record.key(), record.value()));
  }

  /** A replay whose sink sees whole records: for a view that must order its own writes against the topic's by offset. */
  public static <V extends SpecificRecord> TopicReplay<V> ofRecords(Topic<V> topic, Map<String, Object> consumerConfig,
      java.util.function.Consumer<ConsumerRecord<String, V>> sink) {
    return new TopicReplay<>(topic, consumerConfig, sink);
  }

  private TopicReplay(Topic<V> topic, Map<String, Object> consumerConfig,
      java.util.function.Consumer<ConsumerRecord<String, V>> sink) {
    this.topic = topic;
    this.sink = sink;
    this.config = new HashMap<>(consumerConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
  }

  public String topicName() {
    return topic.name();
  }

  /** True once every record that was on the topic when the replay started has been applied. */
  public boolean isCaughtUp() {
    return caughtUp;
  }

  /**
   * Whether every record before {@code offsets} (per partition; partitions of other topics are
   * ignored) has been applied: a caller that read a topic's end offsets at some moment learns when
   * the view holds everything committed before it.
   */
  public boolean hasApplied(Map<TopicPartition, Long> offsets) {
    Map<TopicPartition, Long> applied = positions;
    return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic.name()))
        .allMatch(e -> applied.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  /** Runs {@code action} on the replay thread once the replay has caught up (at once if it has). */
  public void whenCaughtUp(Runnable action) {
    whenCaughtUp.add(action);
    if (caughtUp && whenCaughtUp.remove(action)) {
      action.run();
    }
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().name("replay-" + topic.name()).daemon().start(this::replay);
  }

  @Override
  public synchronized void stop() {
    running = false;
    KafkaConsumer<String, V> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void replay() {
    long started = System.nanoTime();
    long applied = 0;
    try (KafkaConsumer<String, V> kafka = new KafkaConsumer<>(config, new StringDeserializer(), topic.valueDeserializer())) {
      consumer = kafka;
      List<TopicPartition> partitions = awaitPartitions(kafka);
      kafka.assign(partitions);
      kafka.seekToBeginning(partitions);
      Map<TopicPartition, Long> endAtStart = kafka.endOffsets(partitions);
      while (running) {
        try {
          for (ConsumerRecord<String, V> record : kafka.poll(POLL)) {
            apply(record);
            applied++;
          }
        } catch (RecordDeserializationException e) {
          log.warn("Skipping unreadable record {}@{} of {}: {}", e.topicPartition(), e.offset(), topic.name(), e.getMessage());
          kafka.seek(e.topicPartition(), e.offset() + 1);
        }
        positions = positionsOf(kafka, partitions);
        if (!caughtUp && reached(kafka, endAtStart)) {
          caughtUp = true;
          log.info("Replayed {} records of {} in {} ms", applied, topic.name(),
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
          for (Runnable action : whenCaughtUp) {
            if (whenCaughtUp.remove(action)) {
              action.run();
            }
          }
        }
      }
    } catch (WakeupException e) {
      // stop() asked us to end.
    } catch (RuntimeException e) {
      log.error("Replay of {} stopped: {}; the service stays unready until it restarts", topic.name(), e.toString(), e);
    } finally {
      consumer = null;
    }
  }

  /** One bad record must not stop the view: it is logged and passed over. */
  private void apply(ConsumerRecord<String, V> record) {
    try {
      sink.accept(record);
    } catch (RuntimeException e) {
      log.error("Record {}-{}@{} (key {}) could not be applied and is skipped: {}", record.topic(), record.partition(),
          record.offset(), record.key(), e.toString());
    }
  }

  private List<TopicPartition> awaitPartitions(KafkaConsumer<String, V> kafka) {
    while (running) {
      List<PartitionInfo> infos = kafka.partitionsFor(topic.name(), Duration.ofSeconds(10));
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      }
      log.info("Waiting for topic {} to exist", topic.name());
    }
    throw new WakeupException();
  }

  private static Map<TopicPartition, Long> positionsOf(KafkaConsumer<?, ?> kafka, List<TopicPartition> partitions) {
    Map<TopicPartition, Long> now = new HashMap<>();
    partitions.forEach(p -> now.put(p, kafka.position(p)));
    return Map.copyOf(now);
  }

  private static boolean reached(KafkaConsumer<?, ?> kafka, Map<TopicPartition, Long> targets) {
    return targets.entrySet().stream().allMatch(e -> kafka.position(e.getKey()) >= e.getValue());
  }
}
