package dev.ferry.runner.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;

@Tag("unit")
class InFlightOffsetsTest {

  private static final TopicPartition P0 = new TopicPartition("runs", 0);
  private static final TopicPartition P1 = new TopicPartition("runs", 1);

  private final InFlightOffsets offsets = new InFlightOffsets();
  private final List<String> acked = new ArrayList<>();

  @Test
  void commitsARecordThatFinishesWhenNothingOlderRuns() {
    offsets.begin(P0, 5, ack("p0@5"));

    offsets.finish(P0, 5).ifPresent(Acknowledgment::acknowledge);

    assertThat(acked).containsExactly("p0@5");
    assertThat(offsets.running()).isZero();
  }

  @Test
  void holdsBackAFinishedRecordWhileAnOlderOneStillRuns() {
    offsets.begin(P0, 5, ack("p0@5"));
    offsets.begin(P0, 6, ack("p0@6"));
    offsets.begin(P0, 7, ack("p0@7"));

    assertThat(offsets.finish(P0, 6)).isEmpty();
    assertThat(offsets.finish(P0, 7)).isEmpty();
    offsets.finish(P0, 5).ifPresent(Acknowledgment::acknowledge);

    assertThat(acked).containsExactly("p0@7");
  }

  @Test
  void partitionsAreIndependent() {
    offsets.begin(P0, 5, ack("p0@5"));
    offsets.begin(P1, 9, ack("p1@9"));

    offsets.finish(P1, 9).ifPresent(Acknowledgment::acknowledge);

    assertThat(acked).containsExactly("p1@9");
    assertThat(offsets.running()).isEqualTo(1);
  }

  @Test
  void aRunOfARevokedPartitionFinishesWithoutCommitting() {
    offsets.begin(P0, 5, ack("p0@5"));
    offsets.forget(List.of(P0));

    Optional<Acknowledgment> commit = offsets.finish(P0, 5);

    assertThat(commit).isEmpty();
  }

  private Acknowledgment ack(String name) {
    return () -> acked.add(name);
  }
}
