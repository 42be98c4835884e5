package dev.ferry.cli;

import dev.ferry.cli.TestContexts.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of tests of commands that talk to the scheduler: a stand-in scheduler per test, and {@code ferry(...)} against it. */
public abstract class AgainstStandInScheduler {

  @TempDir
  protected Path dir;

  protected final StandInServer server = new StandInServer();

  @AfterEach
  void stopServer() {
    server.close();
  }

  protected Outcome ferry(String... args) {
    return TestContexts.runAgainstScheduler(server.base(), dir, args);
  }
}
