package dev.ferry.scheduler.lifecycle;

import dev.ferry.events.Topics;
import dev.ferry.support.kafka.EventListenerContainers;
import dev.ferry.support.kafka.TopicReplay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Tells a new owner when its run history holds everything the previous owner committed. At a
 * takeover (after the fence) it reads the committed end of the run topics; once the replays that
 * feed the history have applied up to there, decisions derived from the history can neither repeat
 * a retry nor miss one. Used by the firing thread only.
 */
public final class RunTopicsBarrier implements AutoCloseable {

  private final Map<String, Object> config;
  private final List<String> topicNames;
  private final List<TopicReplay<?>> replays;
  private KafkaConsumer<byte[], byte[]> consumer;

  public RunTopicsBarrier(Map<String, Object> consumerConfig, Topics topics, List<TopicReplay<?>> replays) {
    this.config = new HashMap<>(consumerConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, EventListenerContainers.READ_COMMITTED);
    this.topicNames = List.of(topics.runRequested().name(), topics.runEvents().name(), topics.runCompleted().name());
    this.replays = List.copyOf(replays);
  }

  /** The committed end of each partition of the run topics, now. */
  public Map<TopicPartition, Long> mark() {
    if (consumer == null) {
      consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topicNames) {
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions); // a read_committed consumer learns the last stable offset of assigned partitions only
    return Map.copyOf(consumer.endOffsets(partitions));
  }

  /** Whether every replay has applied the records before {@code mark}. */
  public boolean passed(Map<TopicPartition, Long> mark) {
    return replays.stream().allMatch(replay -> replay.hasApplied(mark));
  }

  @Override
  public void close() {
    if (consumer != null) {
      consumer.close();
      consumer = null;
    }
  }
}
