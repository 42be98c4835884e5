package dev.ferry.manifest;

import dev.ferry.support.s3.S3Configuration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The manifest service: indexes the latest production manifest per schedule and serves it for defer. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(S3Configuration.class)
public class ManifestApplication {

  /** Its configuration file is {@code manifest.yml}, so that it can share a JVM with the other services. */
  public static final String CONFIG_NAME = "manifest";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(ManifestApplication.class).properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
