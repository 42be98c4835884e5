package dev.ferry.cli.dbt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.CliContext;
import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.StandInServer;
import dev.ferry.cli.StandInServer.Answer;
import dev.ferry.cli.TestContexts;
import dev.ferry.cli.TestContexts.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry dbt} end to end in this JVM, with a stand-in manifest service and a stand-in dbt that reports what it got. */
@Tag("unit")
class DbtCommandTest {

  private static final String RUN = "0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11";
  private static final byte[] MANIFEST = "{\"metadata\": {}}".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @TempDir
  Path dir;

  private final StandInServer server = new StandInServer();
  private final Map<String, String> env = new HashMap<>();
  private Path report;

  @BeforeEach
  void aDbtAndAManifestService() throws IOException {
    report = dir.resolve("report.txt");
    Path venv = dir.resolve("venv");
    Files.createDirectories(venv.resolve("bin"));
    Path dbt = Files.writeString(venv.resolve("bin/dbt"), "#!/bin/sh\n"
        + "echo \"args: $*\" > '" + report + "'\n"
        + "echo \"defer run: $FERRY_DEFER_RUN_ID\" >> '" + report + "'\n"
        + "exit 3\n");
    dbt.toFile().setExecutable(true);
    env.put("FERRY_DBT", dbt.toString());
    env.put("FERRY_MANIFEST_URL", server.base().toString());
    env.put("FERRY_CACHE_DIR", dir.resolve("cache").toString());
    env.put("FERRY_TOKEN", "s3cret");
    server.answering(request -> new Answer(200, Map.of("ETag", "\"" + StandInServer.sha256(MANIFEST) + "\"",
        "Ferry-Run-Id", RUN, "Ferry-Run-Status", "SUCCEEDED", "Ferry-Git-Sha", "0123456789",
        "Ferry-Finished-At", NOW.minus(Duration.ofHours(2)).toString(), "Ferry-Dbt-Version", "1.11.16",
        "Ferry-Manifest-Schema-Version", "12"), MANIFEST));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliContext context() {
    return TestContexts.context(env, dir, dir, NOW);
  }

  private void localDbtIs(String version) throws IOException {
    Files.createDirectories(dir.resolve("venv/lib/python3.11/site-packages/dbt_core-" + version + ".dist-info"));
  }

  private List<String> reported() throws IOException {
    return Files.readAllLines(report);
  }

  @Test
  void defersToTheManifestAndExitsWithDbtsCode() throws IOException {
    Outcome outcome = TestContexts.run(context(), "dbt", "build", "--select", "state:modified+", "--defer",
        "--schedule-name", "nightly", "--favor-state");

    assertThat(outcome.exitCode()).isEqualTo(3);
    Path stateDir = dir.resolve("cache/127.0.0.1_" + server.base().getPort() + "/default/nightly/latest");
    assertThat(reported()).containsExactly(
        "args: build --select state:modified+ --defer --favor-state --state " + stateDir, "defer run: " + RUN);
    assertThat(outcome.err()).contains("deferring to nightly run " + RUN + " (git 0123456, finished 2h ago)");
    assertThat(server.requests().getFirst().header("Authorization")).isEqualTo("Bearer s3cret");
  }

  @Test
  void withoutDeferDbtRunsAsGivenAndNothingIsFetched() throws IOException {
    Outcome outcome = TestContexts.run(context(), "dbt", "deps");

    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(reported()).containsExactly("args: deps", "defer run: ");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void theScheduleMayComeFromTheEnvironment() throws IOException {
    env.put("FERRY_DEFER_SCHEDULE", "nightly");

    TestContexts.run(context(), "dbt", "run", "--defer");

    assertThat(reported().getFirst()).startsWith("args: run --defer --state ");
    assertThat(server.requests().getFirst().uri().getPath()).endsWith("/schedules/nightly/manifest");
  }

  @Test
  void refusesAManifestTheLocalDbtCannotReadBeforeStartingDbt() throws IOException {
    localDbtIs("1.7.3");

    Outcome outcome = TestContexts.run(context(), "dbt", "build", "--defer", "--schedule-name", "nightly");

    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.DBT_TOO_OLD);
    assertThat(outcome.err()).contains("newer than the local dbt 1.7.3 reads (v11)");
    assertThat(report).doesNotExist();
  }

  @Test
  void warnsOnceWhenTheLocalDbtIsAnotherMinorVersion() throws IOException {
    localDbtIs("1.10.4");

    Outcome outcome = TestContexts.run(context(), "dbt", "build", "--defer", "--schedule-name", "nightly");

    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(outcome.err().lines().filter(l -> l.startsWith("ferry: warning: the local dbt is 1.10.4"))).hasSize(1);
  }

  @Test
  void refusesAManifestOlderThanMaxAge() {
    Outcome outcome = TestContexts.run(context(), "dbt", "build", "--defer", "--schedule-name", "nightly",
        "--max-age", "90m");

    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.MANIFEST_TOO_OLD);
    assertThat(outcome.err().strip()).isEqualTo("ferry: the manifest of run " + RUN + " is 2h old (finished "
        + NOW.minus(Duration.ofHours(2)) + "), older than --max-age 1h 30m; trigger a run (ferry runs trigger) or "
        + "allow an older one");
    assertThat(report).doesNotExist();
  }

  @Test
  void withNoManifestAnywhereItSaysSoInOneLine() {
    server.close();

    Outcome outcome = TestContexts.run(context(), "dbt", "build", "--defer", "--schedule-name", "nightly");

    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.NO_MANIFEST);
    assertThat(outcome.err().strip()).startsWith("ferry: cannot fetch the manifest of nightly").doesNotContain("\n");
    assertThat(report).doesNotExist();
  }
}
