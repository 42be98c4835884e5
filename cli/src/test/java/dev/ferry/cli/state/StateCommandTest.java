package dev.ferry.cli.state;

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
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class StateCommandTest {

  private static final String RUN = "0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11";
  private static final byte[] MANIFEST = "{\"metadata\": {}}".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final String METADATA = """
      {"workspace": "default", "schedule": "nightly", "runId": "%s", "runStatus": "SUCCEEDED",
       "finishedAt": "2026-11-25T06:48:00Z", "gitSha": "0123456789abcdef", "dbtVersion": "1.11.16",
       "schemaVersion": 12, "generatedAt": "2026-11-25T06:47:20Z", "projectName": "jaffle_shop",
       "nodeCounts": {"model": 8, "seed": 3, "test": 24}, "sizeBytes": 2411724, "sha256": "abc", "indexedAt": null}
      """.formatted(RUN);

  @TempDir
  Path dir;

  private final StandInServer server = new StandInServer();
  private final Map<String, String> env = new HashMap<>();

  @AfterEach
  void stop() {
    server.close();
  }

  private CliContext context() {
    env.put("FERRY_MANIFEST_URL", server.base().toString());
    env.put("FERRY_CACHE_DIR", dir.resolve("cache").toString());
    return TestContexts.context(env, dir, dir, NOW);
  }

  @Test
  void pullWritesTheManifestIntoAFolderPerScheduleAndPrintsIt() throws IOException {
    server.answering(request -> new Answer(200, Map.of("ETag", "\"" + StandInServer.sha256(MANIFEST) + "\"",
        "Ferry-Run-Id", RUN, "Ferry-Finished-At", "2026-11-25T09:00:00Z"), MANIFEST));

    Outcome pulled = TestContexts.run(context(), "state", "pull", "--schedule-name", "nightly", "--defer-to-any-status");
    Outcome elsewhere = TestContexts.run(context(), "state", "pull", "--schedule-name", "nightly", "--dir", "prod");

    assertThat(pulled.exitCode()).isZero();
    assertThat(pulled.out().strip()).isEqualTo(dir.resolve(".ferry-state/nightly").toString());
    assertThat(Files.readAllBytes(dir.resolve(".ferry-state/nightly/manifest.json"))).isEqualTo(MANIFEST);
    assertThat(Files.readAllBytes(dir.resolve("prod/manifest.json"))).isEqualTo(MANIFEST);
    assertThat(elsewhere.err()).contains("pulled nightly run " + RUN);
    assertThat(server.requests().getFirst().uri().getQuery()).isEqualTo("status=any");
  }

  @Test
  void pullHonoursMaxAge() {
    server.answering(request -> new Answer(200, Map.of("ETag", "\"" + StandInServer.sha256(MANIFEST) + "\"",
        "Ferry-Run-Id", RUN, "Ferry-Finished-At", "2026-11-24T09:00:00Z"), MANIFEST));

    Outcome pulled = TestContexts.run(context(), "state", "pull", "--schedule-name", "nightly", "--max-age", "6h");

    assertThat(pulled.exitCode()).isEqualTo(ExitCodes.MANIFEST_TOO_OLD);
    assertThat(dir.resolve(".ferry-state/nightly/manifest.json")).doesNotExist();
  }

  @Test
  void showPrintsThePointer() {
    server.answering(request -> Answer.json(200, METADATA));

    Outcome shown = TestContexts.run(context(), "state", "show", "nightly", "--defer-run-id", RUN);

    assertThat(shown.exitCode()).isZero();
    assertThat(server.requests().getFirst().uri()).hasToString(
        "/api/v1/workspaces/default/schedules/nightly/manifest/metadata?run_id=" + RUN);
    assertThat(shown.out()).contains("run          " + RUN, "status       SUCCEEDED", "git sha      0123456789abcdef",
        "finished at  2026-11-25T06:48:00Z (3h 12m ago)", "dbt version  1.11.16", "schema       v12",
        "project      jaffle_shop", "nodes        model 8, seed 3, test 24", "size         2.3 MB (2411724 bytes)");
  }

  @Test
  void showJsonPrintsTheServicesAnswer() {
    server.answering(request -> Answer.json(200, METADATA));
    env.put("FERRY_DEFER_SCHEDULE", "nightly");

    Outcome shown = TestContexts.run(context(), "state", "show", "--json");

    assertThat(shown.out()).contains("\"projectName\" : \"jaffle_shop\"");
  }
}
