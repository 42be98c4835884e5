package dev.ferry.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DeadLetterCounterTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void aRecordSentToTheDeadLetterTopicIsCountedUnderItsSourceTopic() {
    List<ConsumerRecord<?, ?>> sent = new ArrayList<>();
    DeadLetterCounter counter = new DeadLetterCounter((record, e) -> sent.add(record), meters);
    ConsumerRecord<String, String> record = new ConsumerRecord<>("ferry.run.requested", 0, 7L, "k", "v");

    counter.accept(record, new IllegalArgumentException("bad"));

    assertThat(sent).containsExactly(record);
    assertThat(meters.get("ferry.dead.letters").tag("topic", "ferry.run.requested").counter().count()).isEqualTo(1.0);
  }

  @Test
  void aRecordTheRecovererCouldNotSendIsNotCounted() {
    DeadLetterCounter counter = new DeadLetterCounter((record, e) -> {
      throw new IllegalStateException("Kafka is away");
    }, meters);

    assertThatThrownBy(() -> counter.accept(new ConsumerRecord<>("ferry.run.completed", 0, 1L, "k", "v"),
        new IllegalArgumentException("bad"))).isInstanceOf(IllegalStateException.class);

    assertThat(meters.find("ferry.dead.letters").counter()).isNull();
  }

  @Test
  void aTopicsCounterExistsAtZeroBeforeAnyDeadLetter() {
    DeadLetterCounter.register(meters, "ferry.run.completed");

    assertThat(meters.get("ferry.dead.letters").tag("topic", "ferry.run.completed").counter().count()).isZero();
  }
}
