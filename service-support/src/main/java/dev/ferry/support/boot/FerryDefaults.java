package dev.ferry.support.boot;

import java.util.LinkedHashMap;
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
 */
public class FerryDefaults implements EnvironmentPostProcessor {

  static final String SOURCE_NAME = "ferryDefaults";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
    defaults.put("management.endpoint.health.probes.enabled", "true");
    defaults.put("management.endpoint.health.group.readiness.include", "readinessState,replay");
    defaults.put("management.info.env.enabled", "false");
    defaults.put("spring.mvc.problemdetails.enabled", "true");
    defaults.put("server.shutdown", "graceful");
    String format = environment.getProperty("LOG_FORMAT", "");
    if (format.toLowerCase(Locale.ROOT).equals("json")) {
      defaults.put("logging.structured.format.console", "ecs");
    }
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
  }
}
