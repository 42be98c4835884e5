package dev.ferry.scheduler;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The scheduler service: fires schedules as RunRequested events and keeps run history from the events. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SchedulerApplication {

  /** Its configuration file is {@code scheduler.yml}, so that it can share a JVM with the other services. */
  public static final String CONFIG_NAME = "scheduler";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(SchedulerApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
