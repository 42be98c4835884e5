package dev.ferry.scheduler.firing;

import dev.ferry.events.Topics;
import dev.ferry.scheduler.SchedulerProperties;
import dev.ferry.scheduler.runs.RunHistory;
import dev.ferry.scheduler.schedule.ScheduleSource;
import dev.ferry.scheduler.suspend.Suspensions;
import dev.ferry.scheduler.trigger.ScheduleMetrics;
import dev.ferry.support.kafka.EventListenerContainers;
import dev.ferry.support.kafka.FerryKafkaProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import dev.ferry.support.kafka.TopicReplay;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires cron firing: the replica's consumer-group settings (group {@code <topic prefix>scheduler.<workspace>},
 * transactional ids {@code <group>-<partition>}), its Kafka clients' settings and its metrics.
 */
@Configuration(proxyBeanMethods = false)
class FiringConfiguration {

  private static final int MAX_BLOCK_MS = 10_000;

  @Bean
  ScheduleMetrics scheduleMetrics(MeterRegistry registry) {
    return new ScheduleMetrics(registry);
  }

  /** The clock firing plans on; tests may provide a faster one. */
  @Bean
  FiringClock firingClock(Clock clock) {
    return FiringClock.of(clock);
  }

  @Bean
  TickFiring tickFiring(SchedulerProperties properties, FerryKafkaProperties kafkaProperties, KafkaProperties kafka,
      Topics topics, EventListenerContainers containers, ScheduleSource schedules, RunHistory history,
      FiringClock firingClock, ScheduleMetrics metrics, List<TopicReplay<?>> replays, PartitionLifecycle lifecycle,
      Suspensions suspensions, ObjectProvider<ObservationRegistry> observations) {
    String groupId = kafkaProperties.topicPrefix() + "scheduler." + properties.workspace();
    TickFiring.Settings settings = new TickFiring.Settings(properties.workspace(), replicaName(), groupId,
        properties.misfireThreshold());
    Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
    producer.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
    return new TickFiring(settings, topics, containers.consumerConfig(), producer, schedules, RunState.of(history, replays),
        firingClock, metrics, new TickFiring.Collaborators(lifecycle, suspensions,
            observations.getIfAvailable(() -> ObservationRegistry.NOOP)));
  }

  /** The host name (a pod's name in Kubernetes) and the process id, so that replicas on one host differ. */
  private static String replicaName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
