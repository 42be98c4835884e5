package dev.ferry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A command run as its own process, timed from start to exit on the wall clock: the way a
 * developer waits for it. Its output goes to a log file (no terminal), and a non-zero exit fails
 * the benchmark with the log's tail, since a failed run measures nothing.
 */
record TimedCommand(List<String> command, Path dir, Map<String, String> env, Path log) {

  TimedCommand {
    command = List.copyOf(command);
    env = Map.copyOf(env);
  }

  /** Milliseconds from starting the process to its exit. */
  double millis() throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
    builder.environment().putAll(env);
    long started = System.nanoTime();
    Process process = builder.start();
    int exit = process.waitFor();
    long nanos = System.nanoTime() - started;
    if (exit != 0) {
      List<String> lines = Files.readAllLines(log);
      throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
    }
    return nanos / 1e6;
  }

  /**
   * Milliseconds from starting {@code first | second} (the output of the first piped into the
   * second, no shell in between; the second's output into {@code out}) to the exit of both.
   */
  static double pipeline(List<String> first, List<String> second, Path out, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder from = new ProcessBuilder(first).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
    ProcessBuilder to = new ProcessBuilder(second).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectOutput(out.toFile());
    long started = System.nanoTime();
    List<Process> processes = ProcessBuilder.startPipeline(List.of(from, to));
    for (Process process : processes) {
      if (process.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", first) + " | " + String.join(" ", second) + " exited with "
            + process.exitValue() + "; see " + log);
      }
    }
    return (System.nanoTime() - started) / 1e6;
  }

  private static java.io.File nullFile() {
    return new java.io.File("/dev/null");
  }
}
