package dev.ferry.events;

import dev.ferry.events.serde.EventDeserializer;
import dev.ferry.events.serde.EventSerializer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * A Kafka topic of Ferry's contract: its name, what its key means, the event types its
 * values may hold, and the configuration it is created with.
 *
 * @param name full topic name, prefix included
 * @param key what the record key holds, for documentation and log lines
 * @param valueType the common supertype of the values (a generated Avro class, or
 *     {@link SpecificRecord} for a topic that carries several event types)
 * @param eventTypes the concrete event types a value may be
 * @param partitions partitions a service creates the topic with when it does not exist
 * @param config topic-level configuration (cleanup.policy, retention.ms, ...)
 * @param tombstones whether a null value is meaningful (a compacted topic's delete marker); on any
 *     other topic a null value is unreadable and dead-lettered
 */
public record Topic<V extends SpecificRecord>(
    String name,
    String key,
    Class<V> valueType,
    List<Class<? extends V>> eventTypes,
    int partitions,
    Map<String, String> config,
    boolean tombstones) {

  /** Suffix spring-kafka's dead-letter recoverer appends by default. */
  public static final String DEAD_LETTER_SUFFIX = "-dlt";

  public Topic {
    eventTypes = List.copyOf(eventTypes);
    config = Map.copyOf(config);
  }

  /** Where records of this topic that no consumer can read end up. */
  public String deadLetterName() {
    return name + DEAD_LETTER_SUFFIX;
  }

  /**
   * The partition a record keyed {@code key} lands on among {@code partitions}, as Kafka's default
   * partitioner puts it: murmur2 of the key's UTF-8 bytes, made positive, modulo the count. Readers
   * of one key's records (a run's log lines, a schedule's ticks) go straight to that partition.
   */
  public static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  public EventSerializer<V> valueSerializer() {
    return new EventSerializer<>();
  }

  public EventDeserializer<V> valueDeserializer() {
    return new EventDeserializer<>(eventTypes, tombstones);
  }
}
