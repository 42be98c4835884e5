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
 * Wires the index: every schedule's manifests rebuilt from {@code ferry.manifests} (the service is
 * not ready until that replay has caught up), and the indexer of {@code ferry.run.completed}, which
 * starts only then, so that it never judges a run against a half-loaded history.
 */
@Configuration(proxyBeanMethods = false)
class IndexConfiguration {

  @Bean
  ManifestIndex manifestIndex(MeterRegistry meters, Clock clock) {
    ManifestIndex index = new ManifestIndex();
    index.onNewSchedule(schedule -> Gauge.builder("ferry.manifest.age", index, i -> ageSeconds(i, schedule, clock))
        .tags("workspace", schedule.workspace(), "schedule", schedule.schedule())
        .baseUnit("seconds")
        .description("How long ago the run that wrote the schedule's defer target finished")
        .register(meters));
    return index;
  }

  @Bean
  TopicReplay<ManifestPointer> manifestPointerReplay(Topics topics, EventListenerContainers containers,
      ManifestIndex index) {
    return new TopicReplay<>(topics.manifests(), containers.consumerConfig(), (key, pointer) -> {
      if (pointer != null) {
        index.add(EventMapper.indexed(pointer));
      } else {
        removeTombstoned(index, key);
      }
    });
  }

  @Bean
  ConcurrentMessageListenerContainer<String, RunCompleted> manifestIndexerContainer(EventListenerContainers containers,
      Topics topics, ManifestProperties properties, ManifestIndex index, ManifestStore store,
      KafkaTemplate<String, SpecificRecord> eventTemplate, Clock clock, MeterRegistry meters,
      TopicReplay<ManifestPointer> manifestPointerReplay) {
    ManifestIndexer indexer = new ManifestIndexer(index, store, new ManifestScanner(), eventTemplate, topics,
        properties.historyLimit(), clock, meters);
    ConcurrentMessageListenerContainer<String, RunCompleted> container = containers.create(
        topics.runCompleted(), properties.indexerGroupId(), Map.of(), settings -> settings.setMessageListener(indexer));
    container.setAutoStartup(false);
    manifestPointerReplay.whenCaughtUp(container::start);
    return container;
  }

  /** A tombstone's key is {@code workspace/schedule/run-id}; keys of the v1 layout (no run id) name no history entry. */
  private static void removeTombstoned(ManifestIndex index, String key) {
    int last = key == null ? -1 : key.lastIndexOf('/');
    if (last > 0 && key.indexOf('/') < last) {
      index.remove(ScheduleKey.parse(key.substring(0, last)), key.substring(last + 1));
    }
  }

  private static double ageSeconds(ManifestIndex index, ScheduleKey schedule, Clock clock) {
    return index.latest(schedule)
        .map(m -> Duration.between(m.finishedAt(), clock.instant()).toMillis() / 1000.0)
        .orElse(Double.NaN);
  }
}
