package dev.ferry.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.events.RunRequested;
import dev.ferry.events.Trigger;
import dev.ferry.scheduler.SchedulerApplication;
import dev.ferry.testing.KafkaProbe;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/** Triggers with overrides and CI triggers, through the real API onto the real broker. */
@Tag("integration")
@SpringBootTest(classes = SchedulerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.name=scheduler",
        "ferry.scheduler.schedules-file=src/test/resources/schedules/triggers/ferry_schedules.yml"})
class TriggerOverridesIntegrationTest extends RunningScheduler {

  @Test
  void anApiTriggerRunsTheCommandsRefTargetAndEnvItWasGiven() throws Exception {
    HttpResponse<String> response = post("/api/v1/workspaces/default/schedules/nightly/runs", """
        {"trigger": "api", "requestedBy": "airflow", "commands": ["dbt build -s 'tag:finance orders'", "dbt test"],
         "gitRef": "release/2026-11", "target": "staging", "env": {"TEAM": "payments", "BATCH": "7"},
         "deferTo": "nightly"}""");

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode accepted = json.readTree(response.body());
    assertThat(accepted.get("overrides").valueStream().map(JsonNode::asString))
        .containsExactly("commands", "gitRef", "target", "env", "deferTo");
    RunRequested run = awaitRun(accepted.get("runId").asString());
    assertThat(run.getTrigger()).isEqualTo(Trigger.API);
    assertThat(run.getRequestedBy()).isEqualTo("airflow");
    assertThat(run.getCommands()).extracting(c -> c.getArgs())
        .containsExactly(java.util.List.of("build", "-s", "tag:finance orders"), java.util.List.of("test"));
    assertThat(run.getProject().getRef()).isEqualTo("release/2026-11");
    assertThat(run.getProject().getSubdirectory()).as("the rest of the project stays").isEqualTo("jaffle_shop");
    assertThat(run.getTarget()).isEqualTo("staging");
    assertThat(run.getEnvironment()).containsExactly(Map.entry("TEAM", "payments"), Map.entry("BATCH", "7"));
    assertThat(run.getSecretEnvironment()).containsExactly(Map.entry("DBT_PASSWORD", "WAREHOUSE_PASSWORD"));
    assertThat(run.getDeferTo()).isEqualTo("nightly");
    assertThat(run.getPullRequest()).isNull();

    String runId = accepted.get("runId").asString();
    assertThat(new String(KafkaProbe.awaitRawRecord(topics.runRequested().name(), r -> r.key().equals("default/nightly")
        && new String(r.value(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(runId))
        .headers().lastHeader("ferry-overrides").value(), java.nio.charset.StandardCharsets.UTF_8))
        .as("the overrides travel in a header, so a replica that replays the topic knows them too")
        .isEqualTo("commands,gitRef,target,env,deferTo");
    JsonNode shown = getJson("/api/v1/runs/" + runId).get("request");
    assertThat(shown.get("overrides").valueStream().map(JsonNode::asString))
        .containsExactly("commands", "gitRef", "target", "env", "deferTo");
    assertThat(shown.get("commands").valueStream().map(JsonNode::asString))
        .containsExactly("dbt build -s tag:finance orders", "dbt test");
    assertThat(shown.get("gitRef").asString()).isEqualTo("release/2026-11");
    assertThat(shown.get("target").asString()).isEqualTo("staging");
  }

  @Test
  void aTriggerWithoutOverridesRunsTheScheduleAsWritten() throws Exception {
    JsonNode accepted = json.readTree(post("/api/v1/workspaces/default/schedules/nightly/runs", "{}").body());

    assertThat(accepted.get("overrides").isEmpty()).isTrue();
    RunRequested run = awaitRun(accepted.get("runId").asString());
    JsonNode shown = getJson("/api/v1/runs/" + run.getRunId()).get("request");
    assertThat(shown.get("overrides").isEmpty()).isTrue();
    assertThat(shown.get("commands").get(0).asString()).isEqualTo("dbt build");
    assertThat(run.getProject().getRef()).isEqualTo("main");
    assertThat(run.getTarget()).isEqualTo("prod");
    assertThat(run.getDeferTo()).isNull();
  }

  @Test
  void aCiTriggerCarriesThePullRequestItsRefAndDefersToTheSchedulesDeferTo() throws Exception {
    HttpResponse<String> response = post("/api/v1/workspaces/default/schedules/pr-check/runs", """
        {"trigger": "ci", "requestedBy": "github-actions",
         "pullRequest": {"provider": "github", "id": "42", "branch": "feature/orders"},
         "gitRef": "refs/pull/42/head"}""");

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode accepted = json.readTree(response.body());
    assertThat(accepted.get("trigger").asString()).isEqualTo("ci");
    RunRequested run = awaitRun(accepted.get("runId").asString());
    assertThat(run.getTrigger()).isEqualTo(Trigger.CI);
    assertThat(run.getPullRequest().getProvider()).isEqualTo("github");
    assertThat(run.getPullRequest().getId()).isEqualTo("42");
    assertThat(run.getPullRequest().getBranch()).isEqualTo("feature/orders");
    assertThat(run.getProject().getRef()).isEqualTo("refs/pull/42/head");
    assertThat(run.getDeferTo()).as("the schedule's defer_to").isEqualTo("nightly");
    assertThat(run.getCommands().getFirst().getArgs()).containsExactly("build", "--select", "state:modified+", "--defer");
    JsonNode shown = getJson("/api/v1/runs/" + run.getRunId()).get("request");
    assertThat(shown.get("pullRequest").asString()).isEqualTo("github #42");
    assertThat(shown.get("deferTo").asString()).isEqualTo("nightly");
    assertThat(shown.get("overrides").valueStream().map(JsonNode::asString)).containsExactly("gitRef", "pullRequest");
  }

  @Test
  void aCiTriggerOfAScheduleWithoutDeferToDefersToTheScheduleItself() throws Exception {
    JsonNode accepted = json.readTree(post("/api/v1/workspaces/default/schedules/nightly/runs", """
        {"trigger": "ci", "pullRequest": {"provider": "gitlab", "id": "7"}, "gitRef": "0123abc"}""").body());

    RunRequested run = awaitRun(accepted.get("runId").asString());
    assertThat(run.getDeferTo()).isEqualTo("nightly");
    assertThat(run.getPullRequest().getBranch()).isNull();
    assertThat(run.getRequestedBy()).isEqualTo("ci");
  }

  @Test
  void eachBadFieldIsA400ProblemNamingItAndRequestsNoRun() throws Exception {
    Map<String, String> bodies = Map.of(
        "commands[1]", "{\"commands\": [\"dbt build\", \"rm -rf /\"]}",
        "commands", "{\"commands\": []}",
        "gitRef", "{\"gitRef\": \"--upload-pack=evil\"}",
        "target", "{\"target\": \"prod; drop\"}",
        "env.DBT_PASSWORD", "{\"env\": {\"DBT_PASSWORD\": \"hunter2\"}}",
        "env.FERRY_SCHEDULE_RUN_ID", "{\"env\": {\"FERRY_SCHEDULE_RUN_ID\": \"x\"}}",
        "deferTo", "{\"deferTo\": \"nope\"}",
        "trigger", "{\"trigger\": \"cron\"}",
        "pullRequest", "{\"trigger\": \"ci\", \"gitRef\": \"main\"}",
        "pullRequest.provider", "{\"trigger\": \"ci\", \"gitRef\": \"main\", \"pullRequest\": {\"provider\": \"svn\", \"id\": \"1\"}}");
    bodies = new java.util.HashMap<>(bodies);
    bodies.put("gitRef (ci)", "{\"trigger\": \"ci\", \"pullRequest\": {\"provider\": \"github\", \"id\": \"1\"}}");
    bodies.put("pullRequest (api)", "{\"pullRequest\": {\"provider\": \"github\", \"id\": \"1\"}}");
    int before = KafkaProbe.readAllCommitted(topics.runRequested()).size();

    for (Map.Entry<String, String> bad : bodies.entrySet()) {
      HttpResponse<String> response = post("/api/v1/workspaces/default/schedules/nightly/runs", bad.getValue());
      assertThat(response.statusCode()).as(bad.getValue()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/problem+json"));
      String field = bad.getKey().replaceAll(" \\(.*\\)$", "");
      assertThat(json.readTree(response.body()).get("field").asString()).as(bad.getValue()).isEqualTo(field);
    }
    String ok = json.readTree(post("/api/v1/workspaces/default/schedules/nightly/runs", "{}").body()).get("runId").asString();
    awaitRun(ok);
    assertThat(KafkaProbe.readAllCommitted(topics.runRequested())).as("only the good trigger reached Kafka")
        .hasSize(before + 1);
  }

  @Test
  void aWebhookWithoutAConfiguredSecretIsA404AndFiresNothing() {
    HttpResponse<String> github = post("/api/v1/workspaces/default/webhooks/github", "{\"ref\": \"refs/heads/main\"}");
    HttpResponse<String> gitlab = post("/api/v1/workspaces/default/webhooks/gitlab", "{}");

    assertThat(github.statusCode()).isEqualTo(404);
    assertThat(json.readTree(github.body()).get("detail").asString())
        .contains("ferry.scheduler.webhooks.github-secret");
    assertThat(gitlab.statusCode()).isEqualTo(404);
  }

  private RunRequested awaitRun(String runId) {
    return KafkaProbe.awaitRecord(topics.runRequested(), r -> r.value().getRunId().equals(runId)).value();
  }
}
