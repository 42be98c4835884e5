package dev.ferry.support.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * Sends a record to its dead-letter topic through the wrapped recoverer, then counts it in
 * {@code ferry.dead.letters{topic=<source topic>}}, which operators alert on: a record there is
 * one no consumer could use.
 */
final class DeadLetterCounter implements ConsumerRecordRecoverer {

  static final String METER = "ferry.dead.letters";

  private final ConsumerRecordRecoverer recoverer;
  private final MeterRegistry meters;

  DeadLetterCounter(ConsumerRecordRecoverer recoverer, MeterRegistry meters) {
    this.recoverer = recoverer;
    this.meters = meters;
  }

  @Override
  public void accept(ConsumerRecord<?, ?> record, Exception exception) {
    recoverer.accept(record, exception);
    register(meters, record.topic()).increment();
  }

  /** The counter of {@code topic}'s dead letters, created at zero when missing. */
  static Counter register(MeterRegistry meters, String topic) {
    return Counter.builder(METER).tag("topic", topic)
        .description("Records of the topic that no consumer could use, sent to its dead-letter topic")
        .register(meters);
  }
}
