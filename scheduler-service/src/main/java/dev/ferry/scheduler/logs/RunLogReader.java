package dev.ferry.scheduler.logs;

import dev.ferry.events.RunLogLines;
import dev.ferry.events.Topic;
import dev.ferry.events.Topics;
import dev.ferry.support.kafka.EventListenerContainers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.stereotype.Component;

/**
 * Reads the live log of one run from {@code ferry.run.logs}: only the partition its run id maps
 * to, from its start (the topic keeps a day), line numbers de-duplicating any batch published
 * twice. Following, it keeps reading until the run has ended and every line is out.
 */
@Component
public class RunLogReader {

  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration LONGEST_FOLLOW = Duration.ofHours(12);

  private final Topics topics;
  private final Map<String, Object> consumerConfig;

  RunLogReader(Topics topics, EventListenerContainers containers) {
    this.topics = topics;
    this.consumerConfig = containers.consumerConfig();
  }

  /** Where lines go; false from {@link #accept} stops the reading (the client went away). */
  @FunctionalInterface
  public interface LineSink {
    boolean accept(String line);
  }

  /**
   * Sends the run's lines from {@code fromLine} on to {@code sink}; with {@code follow}, until
   * {@code ended} says the run is over and the log has been read to its end, else until the end
   * of what is there now.
   */
  public void read(String runId, long fromLine, boolean follow, BooleanSupplier ended, LineSink sink) {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    String topic = topics.runLogs().name();
    try (KafkaConsumer<String, RunLogLines> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        topics.runLogs().valueDeserializer())) {
      int partitions = consumer.partitionsFor(topic).size();
      TopicPartition partition = new TopicPartition(topic, Topic.partitionOf(runId, partitions));
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long next = Math.max(1, fromLine);
      long stopAt = System.nanoTime() + LONGEST_FOLLOW.toNanos();
      while (System.nanoTime() < stopAt) {
        boolean over = !follow || ended.getAsBoolean();
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        for (ConsumerRecord<String, RunLogLines> record : consumer.poll(POLL)) {
          if (!runId.equals(record.key()) || record.value() == null) {
            continue;
          }
          RunLogLines batch = record.value();
          for (int i = 0; i < batch.getLines().size(); i++) {
            long number = batch.getFirstLine() + i;
            if (number == next) {
              if (!sink.accept(batch.getLines().get(i))) {
                return;
              }
              next++;
            }
          }
        }
        if (over && consumer.position(partition) >= end) {
          return;
        }
      }
    }
  }
}
