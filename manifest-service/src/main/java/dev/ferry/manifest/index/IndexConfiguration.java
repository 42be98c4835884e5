package dev.ferry.manifest.index;

import dev.ferry.events.ManifestPointer;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.ScheduleKey;
import dev.ferry.events.Topics;
import dev.ferry.manifest.ManifestProperties;
import dev.ferry.manifest.store.ManifestStore;
import dev.ferry.manifest.wire.EventMapper;
import dev.ferry.support.kafka.EventListenerContainers;
import dev.ferry.support.kafka.TopicReplay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * Wires the index: the defer targets rebuilt from {@code ferry.manifests}, and the indexer of
 * {@code ferry.run.completed}, which starts only once that rebuild has caught up, so that it never
 * compares a late run against a half-loaded view.
 */
@Configuration(proxyBeanMethods = false)
class IndexConfiguration {

  @Bean
  DeferTargets deferTargets(MeterRegistry meters, Clock clock) {
    DeferTargets targets = new DeferTargets();
    targets.onNewSchedule(schedule -> Gauge.builder("ferry.manifest.age", targets, t -> ageSeconds(t, schedule, clock))
        .tags("workspace", schedule.workspace(), "schedule", schedule.schedule())
        .baseUnit("seconds")
        .description("How long ago the run that wrote the schedule's defer target finished")
        .register(meters));
    return targets;
  }

  @Bean
  TopicReplay<ManifestPointer> manifestPointerReplay(Topics topics, EventListenerContainers containers,
      DeferTargets targets) {
    return new TopicReplay<>(topics.manifests(), containers.consumerConfig(), (key, pointer) -> {
      if (pointer != null) {
        targets.offer(EventMapper.target(pointer));
      }
    });
  }

  @Bean
  ConcurrentMessageListenerContainer<String, RunCompleted> manifestIndexerContainer(EventListenerContainers containers,
      Topics topics, ManifestProperties properties, DeferTargets targets, ManifestStore store,
      KafkaTemplate<String, SpecificRecord> eventTemplate, Clock clock, MeterRegistry meters,
      TopicReplay<ManifestPointer> manifestPointerReplay) {
    ManifestIndexer indexer = new ManifestIndexer(targets, store, eventTemplate, topics, clock, meters);
    ConcurrentMessageListenerContainer<String, RunCompleted> container = containers.create(
        topics.runCompleted(), properties.indexerGroupId(), Map.of(), settings -> settings.setMessageListener(indexer));
    container.setAutoStartup(false);
    manifestPointerReplay.whenCaughtUp(container::start);
    return container;
  }

  private static double ageSeconds(DeferTargets targets, ScheduleKey schedule, Clock clock) {
    return targets.find(schedule)
        .map(t -> Duration.between(t.finishedAt(), clock.instant()).toMillis() / 1000.0)
        .orElse(Double.NaN);
  }
}
