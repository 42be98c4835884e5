package dev.ferry.runner.intake;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Which delivered run requests are still running, per partition, so that an offset is committed
 * only when every record before it has finished. Runs end in any order; committing past a run
 * that is still going would lose it on a crash. Safe for the poll thread and the slot threads.
 */
final class InFlightOffsets {

  private final Map<TopicPartition, TreeMap<Long, Delivery>> byPartition = new HashMap<>();

  private static final class Delivery {
    private final Acknowledgment ack;
    private boolean finished;

    Delivery(Acknowledgment ack) {
      this.ack = ack;
    }
  }

  synchronized void begin(TopicPartition partition, long offset, Acknowledgment ack) {
    byPartition.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, new Delivery(ack));
  }

  /**
   * Marks a record finished. Returns the acknowledgement that commits every record finished so far
   * up to the oldest one still running, or empty when an older record still runs.
   */
  synchronized Optional<Acknowledgment> finish(TopicPartition partition, long offset) {
    TreeMap<Long, Delivery> deliveries = byPartition.get(partition);
    if (deliveries == null || !deliveries.containsKey(offset)) {
      return Optional.empty(); // the partition was revoked while the run went on
    }
    deliveries.get(offset).finished = true;
    Acknowledgment commit = null;
    while (!deliveries.isEmpty() && deliveries.firstEntry().getValue().finished) {
      commit = deliveries.pollFirstEntry().getValue().ack;
    }
    return Optional.ofNullable(commit);
  }

  /** Forgets partitions this consumer no longer owns; their runs finish without committing. */
  synchronized void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(byPartition::remove);
  }

  synchronized int running() {
    return byPartition.values().stream().mapToInt(d -> (int) d.values().stream().filter(x -> !x.finished).count()).sum();
  }
}
