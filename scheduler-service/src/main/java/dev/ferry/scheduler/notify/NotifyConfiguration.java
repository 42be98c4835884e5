package dev.ferry.scheduler.notify;

import dev.ferry.scheduler.SchedulerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

/** Wires webhook delivery. */
@Configuration(proxyBeanMethods = false)
class NotifyConfiguration {

  @Bean
  WebhookNotifier webhookNotifier(NotificationProperties properties, SchedulerProperties scheduler, ObjectMapper json,
      MeterRegistry registry) {
    return new WebhookNotifier(properties, scheduler.secrets(), json, registry);
  }
}
