package dev.ferry.scheduler.schedule;

import dev.ferry.scheduler.SchedulerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the schedules file once at start-up; a file with errors stops the service with every error listed. */
@Configuration(proxyBeanMethods = false)
class ScheduleConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ScheduleConfiguration.class);

  @Bean
  ScheduleCatalog scheduleCatalog(SchedulerProperties properties) {
    ScheduleCatalog catalog = new ScheduleCatalog(
        new SchedulesFileReader(properties.workspace()).read(properties.schedulesFile()));
    log.info("Loaded {} schedules from {}: {}", catalog.all().size(), properties.schedulesFile(),
        catalog.all().stream().map(s -> s.name() + (s.isManual() ? " (manual)" : " (" + s.cron() + " " + s.timezone() + ")")).toList());
    return catalog;
  }
}
