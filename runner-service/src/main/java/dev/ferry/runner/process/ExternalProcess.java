package dev.ferry.runner.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one external program (git, dbt) from an argument list, never through a shell, with its
 * output merged and handed over line by line. A program still running at its deadline, or when
 * the calling thread is interrupted, is stopped with everything it started: SIGTERM to the whole
 * process tree, then SIGKILL after the grace period.
 */
public final class ExternalProcess {

  private ExternalProcess() {}

  /** How a program ended. */
  public record Result(int exitCode, boolean timedOut, Duration duration) {

    public boolean succeeded() {
      return exitCode == 0 && !timedOut;
    }
  }

  /**
   * Runs {@code command} in {@code dir} with {@code environment} replacing the inherited variables
   * of the same name, and waits until it exits or {@code deadline} passes.
   */
  public static Result run(List<String> command, Path dir, Map<String, String> environment, Instant deadline,
      Duration grace, Consumer<String> output) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    long started = System.nanoTime();
    Process process = builder.start();
    Thread reader = Thread.ofVirtual().name("output-" + process.pid()).start(() -> pump(process, output));
    try {
      long waitMillis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
      boolean exited = process.waitFor(waitMillis, TimeUnit.MILLISECONDS);
      if (!exited) {
        stopTree(process, grace);
      }
      reader.join(grace.toMillis());
      return new Result(exited ? process.exitValue() : -1, !exited, Duration.ofNanos(System.nanoTime() - started));
    } catch (InterruptedException e) {
      stopTree(process, grace);
      throw e;
    }
  }

  /** SIGTERM to the program and all its descendants, then SIGKILL to whatever is left after {@code grace}. */
  static void stopTree(Process process, Duration grace) {
    List<ProcessHandle> tree = descendantsAndSelf(process);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : tree) {
      long left = deadline - System.nanoTime();
      try {
        if (left <= 0 || !handle.onExit().toCompletableFuture().isDone()) {
          handle.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
        }
      } catch (Exception e) {
        // still alive after the grace period, or we were interrupted: kill below
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static List<ProcessHandle> descendantsAndSelf(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    return java.util.stream.Stream.concat(descendants.stream(), java.util.stream.Stream.of(process.toHandle())).toList();
  }

  private static void pump(Process process, Consumer<String> output) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        output.accept(line);
      }
    } catch (IOException e) {
      // the process was stopped and its pipe closed
    }
  }
}
