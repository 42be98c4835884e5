package dev.ferry.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.DefaultErrorHandler;

@Tag("unit")
class EventListenerContainersTest {

  private final EventListenerContainers containers = new EventListenerContainers(
      Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
      new DefaultErrorHandler(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());

  @Test
  void everyConsumerReadsOnlyCommittedRecordsWhateverTheSpringSettingsSay() {
    assertThat(containers.consumerConfig()).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
  }
}
