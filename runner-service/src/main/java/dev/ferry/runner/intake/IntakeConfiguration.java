package dev.ferry.runner.intake;

import dev.ferry.events.RunRequested;
import dev.ferry.events.Topics;
import dev.ferry.runner.RunnerProperties;
import dev.ferry.runner.execution.RunExecutor;
import dev.ferry.support.kafka.EventListenerContainers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

  /** Time beyond dbt's grace period for a stopped run to let go of its slot. */
  private static final Duration STOP_MARGIN = Duration.ofSeconds(10);

  @Bean(destroyMethod = "close")
  RunIntake runIntake(RunExecutor executor, RunnerProperties properties, MeterRegistry meters) {
    RunIntake intake = new RunIntake(executor::execute, properties.slots(),
        properties.stopGracePeriod().plus(STOP_MARGIN), properties.schedulesFile() == null ? KnownSchedules.any()
            : KnownSchedules.of(properties.schedulesFile(), properties.schedulesWorkspace()));
    Gauge.builder("ferry.runner.slots.busy", intake, RunIntake::busySlots)
        .description("Run slots of this runner executing a run").register(meters);
    Gauge.builder("ferry.runner.slots", properties, RunnerProperties::slots)
        .description("Run slots of this runner").register(meters);
    return intake;
  }

  @Bean
  RunnerDrain runnerDrain(RunIntake intake, RunnerProperties properties) {
    return new RunnerDrain(intake, properties.drainTimeout());
  }

  /** One consumer per runner, one record per poll: the slots, not the poll, bound the work. */
  @Bean
  ConcurrentMessageListenerContainer<String, RunRequested> runRequestContainer(EventListenerContainers containers,
      Topics topics, RunnerProperties properties, RunIntake intake) {
    ConcurrentMessageListenerContainer<String, RunRequested> container = containers.create(
        topics.runRequested(), properties.groupId(), Map.of(
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
            // A runner joining or leaving moves only the partitions that must move, so runs on
            // the others keep their records and are not delivered again.
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName()),
        settings -> {
          settings.setAckMode(ContainerProperties.AckMode.MANUAL);
          settings.setMessageListener(intake);
          settings.setConsumerRebalanceListener(intake);
        });
    intake.attach(container);
    return container;
  }
}
