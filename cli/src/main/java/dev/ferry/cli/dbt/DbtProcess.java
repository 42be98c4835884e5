package dev.ferry.cli.dbt;

import dev.ferry.cli.CliException;
import dev.ferry.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs dbt in the foreground: same terminal (inherited stdio), same process group, its exit code
 * returned. While dbt runs, Ferry does not die of SIGINT or SIGTERM: Ctrl-C in a terminal reaches dbt
 * directly (it is in the terminal's foreground process group with Ferry), and a signal sent to Ferry
 * alone (a supervisor's {@code kill}) is passed on to dbt. Either way Ferry waits for dbt and exits with
 * dbt's code. Should the JVM still be shut down (SIGHUP), dbt gets a moment to finish, then SIGTERM.
 */
final class DbtProcess {

  private static final Duration OWN_EXIT_GRACE = Duration.ofSeconds(5);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private DbtProcess() {}

  static int run(List<String> command, Path dir, Map<String, String> environment, boolean attachedToTerminal) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).inheritIO();
    builder.environment().putAll(environment);
    // Handlers first: a signal that arrives while dbt starts must not kill Ferry and orphan dbt.
    AtomicReference<Process> started = new AtomicReference<>();
    boolean foreground = attachedToTerminal && inForegroundOfTerminal();
    SignalHandler interrupt = handle("INT", foreground ? ignored -> { } : ignored -> send(started.get(), "INT"));
    SignalHandler terminate = handle("TERM", ignored -> send(started.get(), "TERM"));
    try {
      Process dbt = start(builder, command.getFirst());
      started.set(dbt);
      return waitFor(dbt);
    } finally {
      restore("INT", interrupt);
      restore("TERM", terminate);
    }
  }

  private static Process start(ProcessBuilder builder, String executable) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new CliException("cannot start " + executable + ": " + e.getMessage()
          + " (set FERRY_DBT to the dbt executable, or run scripts/setup)", ExitCodes.DBT_NOT_FOUND);
    }
  }

  private static int waitFor(Process dbt) {
    Thread stopper = new Thread(() -> stop(dbt), "stop-dbt");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      return dbt.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(dbt);
      throw new CliException("interrupted", ExitCodes.INTERRUPTED);
    } finally {
      removeHook(stopper);
    }
  }

  /**
   * Whether this process is in the foreground process group of its controlling terminal, read from
   * {@code /proc/self/stat} (pgrp is field 5, tty_nr 7, tpgid 8). Then the terminal's Ctrl-C reaches
   * dbt too, and passing it on would make dbt see it twice. Where /proc is missing, assume a terminal.
   */
  static boolean inForegroundOfTerminal() {
    try {
      return inForegroundOfTerminal(Files.readString(Path.of("/proc/self/stat")));
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  static boolean inForegroundOfTerminal(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    long pgrp = Long.parseLong(fields[2]);
    long ttyNr = Long.parseLong(fields[4]);
    long tpgid = Long.parseLong(fields[5]);
    return ttyNr != 0 && tpgid == pgrp;
  }

  private static void send(Process dbt, String signal) {
    if (dbt == null) {
      return; // not started yet; it will not be, as the signal handlers stay until run returns
    }
    if (!dbt.isAlive()) {
      return;
    }
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(dbt.pid())).inheritIO().start();
    } catch (IOException e) {
      if ("TERM".equals(signal)) {
        dbt.destroy(); // SIGTERM without kill(1)
      }
    }
  }

  /** Installs a handler; null when the JVM does not let us (e.g. run with -Xrs), and the default stays. */
  private static SignalHandler handle(String signal, SignalHandler handler) {
    try {
      return Signal.handle(new Signal(signal), handler);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void restore(String signal, SignalHandler previous) {
    if (previous != null) {
      handle(signal, previous);
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
