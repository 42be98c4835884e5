package dev.ferry.runner.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ExternalProcessTest {

  @TempDir
  Path dir;

  @Test
  void passesTheEnvironmentAndReturnsOutputAndExitCode() throws Exception {
    List<String> lines = new ArrayList<>();

    ExternalProcess.Result result = ExternalProcess.run(
        List.of("python3", "-c", "import os, sys; print(os.environ['GREETING']); sys.exit(3)"),
        dir, Map.of("GREETING", "hello"), Instant.now().plusSeconds(60), Duration.ofSeconds(5), lines::add);

    assertThat(lines).containsExactly("hello");
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.timedOut()).isFalse();
  }

  @Test
  void stopsTheProgramAndEverythingItStartedAtTheDeadline() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    String parentThatSpawnsAChild = """
        import subprocess, sys
        child = subprocess.Popen(['sleep', '300'])
        print(child.pid, flush=True)
        child.wait()
        """;

    ExternalProcess.Result result = ExternalProcess.run(List.of("python3", "-c", parentThatSpawnsAChild),
        dir, Map.of(), Instant.now().plusSeconds(2), Duration.ofSeconds(2), lines::add);

    assertThat(result.timedOut()).isTrue();
    long childPid = Long.parseLong(lines.getFirst().strip());
    assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
  }
}
