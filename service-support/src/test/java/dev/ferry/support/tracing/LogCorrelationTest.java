package dev.ferry.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Log lines within a trace carry its ids under {@code LOG_FORMAT=json} too, with Ferry's defaults
 * (no OTLP endpoint, so nothing is sampled): the trace is propagated and correlated, not recorded.
 * Work handed to a {@link TraceContextExecutors} executor logs in the trace that handed it over.
 */
@Tag("integration")
@ExtendWith(OutputCaptureExtension.class)
class LogCorrelationTest {

  private static final Logger log = LoggerFactory.getLogger(LogCorrelationTest.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @SpringBootConfiguration
  @ImportAutoConfiguration({ObservationAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
      OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class})
  static class TracingOnly {}

  @Test
  void jsonLogLinesWithinATraceCarryItsIdsAlsoOnAThreadTheWorkWasHandedTo(CapturedOutput output) throws Exception {
    AtomicReference<String> traceId = new AtomicReference<>();
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TracingOnly.class)
        .web(WebApplicationType.NONE).run("--LOG_FORMAT=json", "--spring.main.banner-mode=off")) {
      ObservationRegistry observations = context.getBean(ObservationRegistry.class);
      Tracer tracer = context.getBean(Tracer.class);
      ExecutorService handedTo = TraceContextExecutors.propagating(Executors.newSingleThreadExecutor());
      try {
        Observation observation = Observation.start("ferry.test", observations);
        try (Observation.Scope ignored = observation.openScope()) {
          traceId.set(tracer.currentSpan().context().traceId());
          log.info("within the trace");
          handedTo.submit(() -> log.info("handed over")).get(10, TimeUnit.SECONDS);
        } finally {
          observation.stop();
        }
        handedTo.submit(() -> log.info("outside any trace")).get(10, TimeUnit.SECONDS);
      } finally {
        handedTo.shutdownNow();
      }
      assertThat(tracer.currentSpan()).isNull();
    }

    assertThat(traceId.get()).hasSize(32);
    assertThat(jsonLine(output, "within the trace").path("traceId").asString()).isEqualTo(traceId.get());
    assertThat(jsonLine(output, "within the trace").path("spanId").asString()).hasSize(16);
    assertThat(jsonLine(output, "handed over").path("traceId").asString()).isEqualTo(traceId.get());
    assertThat(jsonLine(output, "outside any trace").has("traceId")).isFalse();
  }

  private static JsonNode jsonLine(CapturedOutput output, String message) {
    String line = output.getOut().lines().filter(l -> l.startsWith("{") && l.contains("\"" + message + "\""))
        .findFirst().orElseThrow(() -> new AssertionError("no JSON log line '" + message + "' in:\n" + output.getOut()));
    return JSON.readTree(line);
  }
}
