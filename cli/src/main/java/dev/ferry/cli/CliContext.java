package dev.ferry.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may read from outside the JVM: environment variables, the home and working
 * folders, the clock. Real ones in {@link Ferry#main}; made-up ones in tests.
 *
 * @param stderrIsTerminal whether a person watches stderr (for progress bars)
 */
public record CliContext(Map<String, String> env, Path userHome, Path workingDir, Clock clock,
    boolean stderrIsTerminal) {

  public CliContext {
    env = Map.copyOf(env);
  }

  /** This process's own surroundings. */
  public static CliContext current() {
    return new CliContext(System.getenv(), Path.of(System.getProperty("user.home")), Path.of("").toAbsolutePath(),
        Clock.systemUTC(), detectStderrTerminal());
  }

  /** The launcher knows ({@code [ -t 2 ]}); without it, whether the JVM has a console at all. */
  private static boolean detectStderrTerminal() {
    String told = System.getProperty("ferry.stderr.terminal");
    return told != null ? Boolean.parseBoolean(told) : System.console() != null;
  }

  /** An environment variable, or null when it is unset or blank. */
  public String var(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** Implemented by commands and mixins that need the context; the command factory hands it over. */
  public interface Aware {
    void context(CliContext context);
  }
}
