package dev.ferry.runner.packages;

import dev.ferry.runner.process.ExternalProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The version of the runner's dbt, asked once ({@code dbt --version} takes a few seconds) and
 * remembered for the life of the runner, whatever the answer: a dbt that cannot say its version
 * leaves package installs uncached rather than costing every run the question again.
 */
final class DbtVersion {

  private static final Logger log = LoggerFactory.getLogger(DbtVersion.class);
  private static final Pattern INSTALLED = Pattern.compile("installed:\\s*(\\S+)");
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  private final String dbt;
  private final Path dir;
  private final Map<String, String> environment;
  private Optional<String> version;

  DbtVersion(String dbt, Path dir, Map<String, String> environment) {
    this.dbt = dbt;
    this.dir = dir;
    this.environment = Map.copyOf(environment);
  }

  synchronized Optional<String> get() throws InterruptedException {
    if (version == null) {
      version = ask();
      log.info("dbt version for the package cache: {}", version.orElse("unknown"));
    }
    return version;
  }

  private Optional<String> ask() throws InterruptedException {
    List<String> output = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      ExternalProcess.Result result = ExternalProcess.run(List.of(dbt, "--version"), dir, environment,
          Instant.now().plus(TIMEOUT), Duration.ofSeconds(5), output::add);
      if (!result.succeeded()) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return output.stream().map(INSTALLED::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
  }
}
