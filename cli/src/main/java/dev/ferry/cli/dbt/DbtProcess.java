package dev.ferry.cli.dbt;

import dev.ferry.cli.CliException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs dbt in the foreground: same terminal (inherited stdio), same process group, its exit code
 * returned. Ctrl-C reaches dbt from the terminal itself, so when Ferry is asked to stop it first
 * gives dbt a moment to finish on its own, then stops it (SIGTERM, then SIGKILL).
 */
final class DbtProcess {

  private static final Duration OWN_EXIT_GRACE = Duration.ofSeconds(5);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private DbtProcess() {}

  static int run(List<String> command, Path dir, Map<String, String> environment) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).inheritIO();
    builder.environment().putAll(environment);
    Process dbt;
    try {
      dbt = builder.start();
    } catch (IOException e) {
      throw new CliException("cannot start " + command.getFirst() + ": " + e.getMessage()
          + " (set FERRY_DBT to the dbt executable, or run scripts/setup)", 127);
    }
    Thread stopper = new Thread(() -> stop(dbt), "stop-dbt");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      return dbt.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(dbt);
      throw new CliException("interrupted", 130);
    } finally {
      removeHook(stopper);
    }
  }

  private static void stop(Process dbt) {
    try {
      if (dbt.waitFor(OWN_EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
      dbt.descendants().forEach(ProcessHandle::destroy);
      dbt.destroy();
      if (!dbt.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        dbt.descendants().forEach(ProcessHandle::destroyForcibly);
        dbt.destroyForcibly();
      }
    } catch (InterruptedException e) {
      dbt.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook is running
    }
  }
}
