package dev.ferry.cli.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.AgainstStandInScheduler;
import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.StandInServer;
import dev.ferry.cli.StandInServer.Answer;
import dev.ferry.cli.TestContexts.Outcome;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code ferry runs trigger}: the body it sends for overrides and CI runs, and what it refuses before sending. */
@Tag("unit")
class TriggerRunCommandTest extends AgainstStandInScheduler {

  private static final String RUN = "0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11";

  @BeforeEach
  void answerWithARun() {
    server.answering(request -> Answer.json(202, "{\"runId\": \"" + RUN + "\", \"overrides\": [\"commands\", \"gitRef\"]}"));
  }

  @Test
  void sendsTheOverridesAsTheApiTakesThem() {
    Outcome outcome = ferry("runs", "trigger", "nightly", "--command", "dbt build -s 'tag:finance orders'",
        "--command", "dbt test", "--git-ref", "release/2026-11", "--target", "staging", "--env", "TEAM=payments",
        "--env", "BATCH=7", "--defer-to", "hourly");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out().strip()).isEqualTo(RUN);
    assertThat(outcome.err()).contains("overriding commands, gitRef");
    StandInServer.Request request = server.requests().getFirst();
    assertThat(request.uri().getPath()).isEqualTo("/api/v1/workspaces/default/schedules/nightly/runs");
    JsonNode body = JsonMapper.shared().readTree(request.body());
    assertThat(body.get("trigger").asString()).isEqualTo("manual");
    assertThat(body.get("commands").valueStream().map(JsonNode::asString))
        .containsExactly("dbt build -s 'tag:finance orders'", "dbt test");
    assertThat(body.get("gitRef").asString()).isEqualTo("release/2026-11");
    assertThat(body.get("target").asString()).isEqualTo("staging");
    assertThat(body.get("env").get("TEAM").asString()).isEqualTo("payments");
    assertThat(body.get("env").get("BATCH").asString()).isEqualTo("7");
    assertThat(body.get("deferTo").asString()).isEqualTo("hourly");
    assertThat(body.has("pullRequest")).isFalse();
  }

  @Test
  void aCiRunSendsItsPullRequestAndRef() {
    Outcome outcome = ferry("runs", "trigger", "pr-check", "--ci", "--pr", "42", "--git-ref", "refs/pull/42/head",
        "--branch", "feature/orders");

    assertThat(outcome.exitCode()).isZero();
    JsonNode body = JsonMapper.shared().readTree(server.requests().getFirst().body());
    assertThat(body.get("trigger").asString()).isEqualTo("ci");
    assertThat(body.get("gitRef").asString()).isEqualTo("refs/pull/42/head");
    assertThat(body.get("pullRequest").get("provider").asString()).isEqualTo("github");
    assertThat(body.get("pullRequest").get("id").asString()).isEqualTo("42");
    assertThat(body.get("pullRequest").get("branch").asString()).isEqualTo("feature/orders");
  }

  @Test
  void aCiRunWithoutItsPullRequestOrRefIsAUsageErrorAndSendsNothing() {
    Outcome noRef = ferry("runs", "trigger", "pr-check", "--ci", "--pr", "42");
    Outcome noCi = ferry("runs", "trigger", "pr-check", "--pr", "42", "--git-ref", "main");

    assertThat(noRef.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noRef.err()).contains("--ci needs --pr <number> and --git-ref <ref>");
    assertThat(noCi.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void theSchedulersRefusalOfAFieldIsOneLineAndAUsageExit() {
    server.answering(request -> new Answer(400, Map.of("Content-Type", "application/problem+json"),
        "{\"title\": \"Bad request\", \"status\": 400, \"detail\": \"gitRef: '--x' is not a git branch, tag, commit or ref\", \"field\": \"gitRef\"}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    Outcome outcome = ferry("runs", "trigger", "nightly", "--git-ref=--x");

    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(outcome.err().strip()).endsWith("gitRef: '--x' is not a git branch, tag, commit or ref");
  }

  @Test
  void showSaysWhichFieldsATriggerOverrode() {
    server.answering(request -> Answer.json(200, """
        {"runId": "%s", "schedule": "nightly", "status": "REQUESTED", "finished": false, "trigger": "ci",
         "request": {"commands": ["dbt build"], "gitRef": "refs/pull/42/head", "target": null, "deferTo": "nightly",
                     "pullRequest": "github #42", "overrides": ["gitRef", "pullRequest"]}}""".formatted(RUN)));

    Outcome outcome = ferry("runs", "show", RUN);

    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    assertThat(outcome.out()).containsPattern("gitRef +refs/pull/42/head").containsPattern("pullRequest +github #42")
        .containsPattern("overrides +gitRef, pullRequest").doesNotContain("target");
  }
}
