package dev.ferry.runner;

import dev.ferry.support.s3.S3Configuration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The runner service: takes RunRequested off Kafka and runs dbt for it. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(S3Configuration.class)
public class RunnerApplication {

  /** Its configuration file is {@code runner.yml}, so that it can share a JVM with the other services. */
  public static final String CONFIG_NAME = "runner";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(RunnerApplication.class).properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
