package dev.ferry.scheduler.suspend;

import dev.ferry.events.ScheduleSuspension;
import dev.ferry.events.Topics;
import dev.ferry.scheduler.SchedulerProperties;
import dev.ferry.scheduler.wire.EventMapper;
import dev.ferry.support.kafka.EventListenerContainers;
import dev.ferry.support.kafka.TopicReplay;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Wires suspensions: the state every replica rebuilds from the suspensions topic (a replay, so
 * firing waits for it like for the run topics before its first tick), and the writer the API uses.
 */
@Configuration(proxyBeanMethods = false)
class SuspensionConfiguration {

  @Bean
  Suspensions suspensions() {
    return new Suspensions();
  }

  @Bean
  TopicReplay<ScheduleSuspension> suspensionsReplay(Topics topics, EventListenerContainers containers,
      Suspensions suspensions) {
    return TopicReplay.ofRecords(topics.schedulerSuspensions(), containers.consumerConfig(), record -> suspensions.apply(
        record.key(), record.value() == null ? null : EventMapper.suspension(record.value()), record.offset()));
  }

  @Bean
  ScheduleSuspender scheduleSuspender(KafkaTemplate<String, SpecificRecord> kafka, Topics topics,
      Suspensions suspensions, Clock clock, SchedulerProperties properties) {
    return new ScheduleSuspender(kafka, topics, suspensions, clock, properties);
  }
}
