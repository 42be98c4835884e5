package dev.ferry.support.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Dead-letters records, cutting the value of one too large to publish to the first
 * {@value #KEPT_BYTES} bytes (header {@value #TRUNCATED_HEADER} gives the original size). A
 * record that cannot be dead-lettered is retried for ever, which stops its partition; a 5 MB
 * garbage record must not do that, and the DLT keeps enough of it to see what it was.
 */
final class BoundedDeadLetterRecoverer extends DeadLetterPublishingRecoverer {

  /** Values above this are cut: well under the producer's and the broker's 1 MB defaults. */
  static final int MAX_VALUE_BYTES = 512 * 1024;
  static final int KEPT_BYTES = 64 * 1024;
  static final String TRUNCATED_HEADER = "ferry-dlt-truncated-from";

  BoundedDeadLetterRecoverer(KafkaOperations<?, ?> template) {
    super(template);
  }

  @Override
  protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
      TopicPartition topicPartition, Headers headers, byte[] key, byte[] value) {
    ProducerRecord<Object, Object> dead = super.createProducerRecord(record, topicPartition, headers, key, value);
    if (!(dead.value() instanceof byte[] bytes) || bytes.length <= MAX_VALUE_BYTES) {
      return dead;
    }
    dead.headers().add(TRUNCATED_HEADER, Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(dead.topic(), dead.partition(), dead.timestamp(), dead.key(),
        Arrays.copyOf(bytes, KEPT_BYTES), dead.headers());
  }
}
