package dev.ferry.scheduler.schedule;

import dev.ferry.scheduler.SchedulerProperties;
import dev.ferry.schedules.SchedulesReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the schedules file or folder at start-up (a set with errors stops the service with every
 * error listed) and reloads it at an interval.
 */
@Configuration(proxyBeanMethods = false)
class ScheduleConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ScheduleConfiguration.class);

  @Bean
  LiveSchedules liveSchedules(SchedulerProperties properties) {
    // Load times are facts for operators, read from the real clock; the Clock bean times firing, and tests shift it.
    LiveSchedules schedules = new LiveSchedules(new SchedulesReader(properties.workspace()),
        properties.schedulesFile(), Clock.systemUTC());
    ScheduleCatalog catalog = schedules.current();
    log.info("Loaded {} schedules from {}: {}", catalog.all().size(), properties.schedulesFile(),
        catalog.all().stream().map(s -> s.name() + (s.isManual() ? " (manual)" : " (" + s.cron() + " " + s.timezone() + ")")).toList());
    return schedules;
  }

  @Bean
  ScheduleReloading scheduleReloading(LiveSchedules schedules, SchedulerProperties properties, MeterRegistry meters) {
    return new ScheduleReloading(schedules, properties, meters);
  }
}
