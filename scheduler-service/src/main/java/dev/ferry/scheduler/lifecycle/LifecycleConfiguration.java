package dev.ferry.scheduler.lifecycle;

import dev.ferry.events.Topics;
import dev.ferry.scheduler.SchedulerProperties;
import dev.ferry.scheduler.notify.NotificationProperties;
import dev.ferry.scheduler.notify.WebhookNotifier;
import dev.ferry.scheduler.runs.RunHistory;
import dev.ferry.scheduler.schedule.ScheduleSource;
import dev.ferry.scheduler.control.CancelRequests;
import dev.ferry.scheduler.trigger.RunRequests;
import dev.ferry.scheduler.trigger.ScheduleMetrics;
import dev.ferry.support.kafka.EventListenerContainers;
import dev.ferry.support.kafka.TopicReplay;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the run lifecycle that the firing loop drives for the partitions it owns. */
@Configuration(proxyBeanMethods = false)
class LifecycleConfiguration {

  @Bean
  LifecycleMetrics lifecycleMetrics(MeterRegistry registry) {
    return new LifecycleMetrics(registry);
  }

  @Bean
  RunTopicsBarrier runTopicsBarrier(EventListenerContainers containers, Topics topics, List<TopicReplay<?>> replays) {
    return new RunTopicsBarrier(containers.consumerConfig(), topics, replays);
  }

  @Bean
  RunLifecycle runLifecycle(SchedulerProperties properties, NotificationProperties notifications, RunHistory history,
      RunRequests requests, CancelRequests cancels, Topics topics, RunTopicsBarrier barrier, ScheduleSource schedules,
      WebhookNotifier notifier, LifecycleMetrics metrics, ScheduleMetrics fires) {
    String linkBase = notifications.baseUrl() == null ? "" : notifications.baseUrl().toString().replaceAll("/+$", "");
    return new RunLifecycle(new RunLifecycle.Settings(properties.workspace(), properties.lostAfter(), linkBase), history,
        requests, cancels, topics, barrier, schedules, notifier, metrics, fires);
  }
}
