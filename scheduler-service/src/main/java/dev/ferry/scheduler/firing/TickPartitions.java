package dev.ferry.scheduler.firing;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of the ticks topic a schedule's key lands on: Kafka's default partitioner
 * (murmur2 of the key's UTF-8 bytes, made positive, modulo the partition count). Every replica
 * and every producer computes the same, so the partition's owner in the consumer group is the
 * schedule's owner.
 */
final class TickPartitions {

  private TickPartitions() {}

  static int of(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
