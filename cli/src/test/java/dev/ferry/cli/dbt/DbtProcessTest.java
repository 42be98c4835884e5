package dev.ferry.cli.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.cli.Ferry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbtProcessTest {

  @TempDir
  Path dir;

  @Test
  @Tag("unit")
  void tellsTheForegroundOfATerminalFromProcStat() {
    // pid (comm) state ppid pgrp session tty_nr tpgid ...
    assertThat(DbtProcess.inForegroundOfTerminal("4242 (java) S 4000 4242 4000 34816 4242 4194560 0")).isTrue();
    assertThat(DbtProcess.inForegroundOfTerminal("4242 (java) S 4000 4242 4000 34816 4100 4194560 0")).isFalse();
    assertThat(DbtProcess.inForegroundOfTerminal("4242 (a) b) S 4000 4242 4242 0 -1 4194560 0")).isFalse();
  }

  /**
   * A SIGINT sent to Ferry alone (not by a terminal: Ferry runs in its own session here) reaches dbt,
   * and Ferry exits with dbt's code.
   */
  @Test
  @Tag("integration")
  void passesSigintOnToDbtAndExitsWithDbtsCode() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid")));
    assumeTrue(new ProcessBuilder("python3", "-c", "pass").start().waitFor() == 0, "needs python3");
    // dbt is Python too. Surefire's JVM passes a signal mask with SIGINT blocked down to its grandchildren,
    // so this stand-in clears it, as a process started from a shell would have it.
    Path dbt = Files.writeString(dir.resolve("dbt"), """
        #!/usr/bin/env python3
        import os, signal, sys, time
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        def interrupted(signum, frame):
            print("dbt got SIGINT", flush=True)
            os._exit(42)
        signal.signal(signal.SIGINT, interrupted)
        print(f"ready {os.getppid()}", flush=True)
        while True:
            time.sleep(0.05)
        """);
    dbt.toFile().setExecutable(true);
    ProcessBuilder builder = new ProcessBuilder(List.of("setsid",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Ferry.class.getName(), "dbt", "debug"))
        .redirectErrorStream(true);
    builder.environment().put("FERRY_DBT", dbt.toString());
    Process ferry = builder.start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(ferry.getInputStream(), StandardCharsets.UTF_8))) {
      String ready = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
      assertThat(ready).startsWith("ready ");
      long ferryPid = Long.parseLong(ready.substring("ready ".length()).strip());

      new ProcessBuilder("kill", "-INT", Long.toString(ferryPid)).inheritIO().start().waitFor();

      assertThat(ferry.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(ferry.exitValue()).isEqualTo(42);
      assertThat(readLine(out)).isEqualTo("dbt got SIGINT");
    } finally {
      ferry.descendants().forEach(ProcessHandle::destroyForcibly);
      ferry.destroyForcibly();
    }
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
