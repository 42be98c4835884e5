package dev.ferry.support.boot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every Ferry service shares, at the lowest precedence so that any property file,
 * environment variable or flag overrides them: actuator exposes health, info and prometheus
 * only; probes are on and readiness waits for topic replays; REST errors are problem+json;
 * {@code LOG_FORMAT=json} switches the console to structured JSON (Elastic Common Schema).
 *
 * <p>Trace context always flows (W3C {@code traceparent} in Kafka headers, {@code traceId} and
 * {@code spanId} in log lines), but spans are recorded only when they can go somewhere: without
 * an OTLP endpoint the sampling probability defaults to 0, so a span is no more than its ids;
 * with one it defaults to 1.
 */
public class FerryDefaults implements EnvironmentPostProcessor {

  static final String SOURCE_NAME = "ferryDefaults";
  static final String SAMPLING_PROBABILITY = "management.tracing.sampling.probability";
  /** Boot's OTLP span exporter exists once either of these is set. */
  static final List<String> OTLP_ENDPOINTS = List.of(
      "management.opentelemetry.tracing.export.otlp.endpoint", "management.opentelemetry.otlp.endpoint");

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
    defaults.put("management.endpoint.health.probes.enabled", "true");
    defaults.put("management.endpoint.health.group.readiness.include", "readinessState,replay");
    defaults.put("management.info.env.enabled", "false");
    defaults.put("spring.mvc.problemdetails.enabled", "true");
    defaults.put("server.shutdown", "graceful");
    boolean exporting = OTLP_ENDPOINTS.stream().anyMatch(name -> !environment.getProperty(name, "").isBlank());
    defaults.put(SAMPLING_PROBABILITY, exporting ? "1.0" : "0.0");
    String format = environment.getProperty("LOG_FORMAT", "");
    if (format.toLowerCase(Locale.ROOT).equals("json")) {
      defaults.put("logging.structured.format.console", "ecs");
    }
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
  }
}
