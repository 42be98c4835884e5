package dev.ferry.cli.dbt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which dbt to run: {@code FERRY_DBT} when set, else the dbt of a {@code .venv} in the current
 * folder, else the one Ferry's own set-up installed ({@code $FERRY_HOME/.venv}), else {@code dbt} on PATH.
 */
public final class DbtExecutable {

  private DbtExecutable() {}

  public static String find(Map<String, String> env, Path workingDir) {
    String configured = env.get("FERRY_DBT");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    Path local = workingDir.resolve(".venv/bin/dbt");
    if (Files.isExecutable(local)) {
      return local.toString();
    }
    String home = env.get("FERRY_HOME");
    if (home != null && Files.isExecutable(Path.of(home, ".venv/bin/dbt"))) {
      return Path.of(home, ".venv/bin/dbt").toString();
    }
    return "dbt";
  }
}
