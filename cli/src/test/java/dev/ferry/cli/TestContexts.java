package dev.ferry.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs {@code ferry …} in this JVM with made-up surroundings, capturing stdout and stderr. */
public final class TestContexts {

  /** What one run of the command line did. */
  public record Outcome(int exitCode, String out, String err) {}

  private TestContexts() {}

  public static CliContext context(Map<String, String> env, Path home, Path workingDir, Instant now) {
    return new CliContext(env, home, workingDir, Clock.fixed(now, ZoneOffset.UTC), false);
  }

  /** Runs {@code ferry args} against a scheduler at {@code scheduler}, with {@code dir} as home and working folder. */
  public static Outcome runAgainstScheduler(java.net.URI scheduler, Path dir, String... args) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("FERRY_SCHEDULER_URL", scheduler.toString()));
    return run(context(env, dir, dir, Instant.parse("2026-11-25T10:00:00Z")), args);
  }

  public static Outcome run(CliContext context, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Ferry.execute(context, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Outcome(code, out.toString(), err.toString());
  }
}
