package dev.ferry.support.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

@Tag("unit")
class FerryDefaultsTest {

  @Test
  void exposesOnlyHealthInfoAndPrometheus() {
    MockEnvironment environment = new MockEnvironment();

    new FerryDefaults().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,info,prometheus");
    assertThat(environment.getProperty("logging.structured.format.console")).isNull();
  }

  @Test
  void logFormatJsonSwitchesTheConsoleToStructuredLogs() {
    MockEnvironment environment = new MockEnvironment().withProperty("LOG_FORMAT", "JSON");

    new FerryDefaults().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
  }

  @Test
  void anythingTheUserSetsWins() {
    MockEnvironment environment = new MockEnvironment()
        .withProperty("management.endpoints.web.exposure.include", "health");

    new FerryDefaults().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health");
  }

  @Test
  void spansAreSampledOnlyWhenAnOtlpEndpointTakesThem() {
    MockEnvironment quiet = new MockEnvironment();
    MockEnvironment exporting = new MockEnvironment()
        .withProperty("management.opentelemetry.tracing.export.otlp.endpoint", "http://collector:4318/v1/traces");
    MockEnvironment chosen = new MockEnvironment().withProperty("management.opentelemetry.otlp.endpoint", "http://c:4318")
        .withProperty("management.tracing.sampling.probability", "0.25");

    for (MockEnvironment environment : java.util.List.of(quiet, exporting, chosen)) {
      new FerryDefaults().postProcessEnvironment(environment, new SpringApplication());
    }

    assertThat(quiet.getProperty("management.tracing.sampling.probability")).isEqualTo("0.0");
    assertThat(exporting.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
    assertThat(chosen.getProperty("management.tracing.sampling.probability")).isEqualTo("0.25");
  }
}
