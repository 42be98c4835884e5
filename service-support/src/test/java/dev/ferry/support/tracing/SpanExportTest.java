package dev.ferry.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spans leave a service only when an OTLP endpoint is configured, and then every trace is
 * recorded; without one a span is only its ids (Ferry's default sampling follows the endpoint). The collector here is a loopback HTTP
 * server that records what is posted to it.
 */
@Tag("integration")
class SpanExportTest {

  @SpringBootConfiguration
  @ImportAutoConfiguration({ObservationAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
      OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
      MicrometerTracingAutoConfiguration.class})
  static class Tracing {}

  private final List<String> posted = new CopyOnWriteArrayList<>();
  private HttpServer collector;

  @BeforeEach
  void startCollector() throws IOException {
    collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext("/v1/traces", exchange -> {
      posted.add(exchange.getRequestMethod() + " " + new String(exchange.getRequestBody().readAllBytes(),
          StandardCharsets.ISO_8859_1));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    collector.start();
  }

  @AfterEach
  void stopCollector() {
    collector.stop(0);
  }

  @Test
  void withAnOtlpEndpointEveryTraceIsExportedThere() {
    String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces";
    try (ConfigurableApplicationContext context = start(
        "--management.opentelemetry.tracing.export.otlp.endpoint=" + endpoint)) {
      observe(context, "ferry.exported");

      await("the span posted to the collector").atMost(Duration.ofSeconds(30))
          .until(() -> posted.stream().anyMatch(body -> body.startsWith("POST") && body.contains("ferry.exported")));
    }
  }

  @Test
  void withoutOneASpanIsOnlyItsIdsAndIsNotRecorded() {
    try (ConfigurableApplicationContext context = start()) {
      Tracer tracer = context.getBean(Tracer.class);
      Observation observation = Observation.start("ferry.kept", context.getBean(ObservationRegistry.class));
      try (Observation.Scope ignored = observation.openScope()) {
        assertThat(tracer.currentSpan().context().traceId()).hasSize(32);
        assertThat(tracer.currentSpan().context().sampled()).isFalse();
      } finally {
        observation.stop();
      }
    }
    assertThat(posted).isEmpty();
  }

  private static ConfigurableApplicationContext start(String... args) {
    return new SpringApplicationBuilder(Tracing.class).web(WebApplicationType.NONE).properties("spring.main.banner-mode=off")
        .run(args);
  }

  private static void observe(ConfigurableApplicationContext context, String name) {
    Observation.createNotStarted(name, context.getBean(ObservationRegistry.class)).observe(() -> {});
  }
}
