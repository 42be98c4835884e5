package dev.ferry.scheduler.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.events.RunRequested;
import dev.ferry.events.Trigger;
import dev.ferry.scheduler.SchedulerApplication;
import dev.ferry.scheduler.api.RunningScheduler;
import dev.ferry.scheduler.trigger.TickRunIds;
import dev.ferry.testing.KafkaProbe;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * GitHub's and GitLab's merge webhooks over real HTTP to the running scheduler, with payloads
 * shaped like the providers' documented ones, onto the real broker. The API also demands a bearer
 * token here, which the webhooks do without: they carry their own signature.
 */
@Tag("integration")
@SpringBootTest(classes = SchedulerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.name=scheduler",
        "ferry.scheduler.schedules-file=src/test/resources/schedules/triggers/ferry_schedules.yml",
        "ferry.scheduler.webhooks.github-secret=" + MergeWebhookIntegrationTest.GITHUB_SECRET,
        "ferry.scheduler.webhooks.gitlab-token=" + MergeWebhookIntegrationTest.GITLAB_TOKEN,
        "ferry.security.tokens[0].name=admin",
        "ferry.security.tokens[0].token=" + MergeWebhookIntegrationTest.API_TOKEN,
        "ferry.security.tokens[0].workspaces[0]=*"})
class MergeWebhookIntegrationTest extends RunningScheduler {

  static final String GITHUB_SECRET = "It's a Secret to Everybody";
  static final String GITLAB_TOKEN = "gitlab-webhook-token-0123";
  static final String API_TOKEN = "api-token-for-the-admin-0123";
  private static final String PUSHED = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aGitHubPushFiresEachScheduleOnItsBranchAtThePushedCommitOnceForAllRedeliveries() throws Exception {
    String body = fixture("github-push.json").replace(PUSHED, "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d");
    String sha = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

    HttpResponse<String> first = github("push", body, sign(GITHUB_SECRET, body));
    HttpResponse<String> again = github("push", body, sign(GITHUB_SECRET, body));

    assertThat(first.statusCode()).isEqualTo(202);
    JsonNode accepted = json.readTree(first.body());
    assertThat(accepted.get("status").asString()).isEqualTo("accepted");
    assertThat(accepted.get("branch").asString()).isEqualTo("main");
    assertThat(accepted.get("runs").findValuesAsString("schedule")).containsExactly("deploy", "deploy-docs");
    assertThat(accepted.get("runs").findValuesAsString("outcome")).containsOnly("requested");
    assertThat(json.readTree(again.body()).get("runs").findValuesAsString("outcome")).containsOnly("already_requested");
    List<RunRequested> runs = runsAt(sha);
    assertThat(runs).extracting(RunRequested::getSchedule).containsExactlyInAnyOrder("deploy", "deploy-docs");
    RunRequested deploy = runs.stream().filter(r -> r.getSchedule().equals("deploy")).findFirst().orElseThrow();
    assertThat(deploy.getRunId()).isEqualTo(TickRunIds.forCommit("default", "deploy", sha));
    assertThat(deploy.getTrigger()).isEqualTo(Trigger.API);
    assertThat(deploy.getRequestedBy()).isEqualTo("github push " + sha);
    assertThat(deploy.getCommands().getFirst().getArgs()).containsExactly("run");
  }

  @Test
  void aMergedPullRequestFiresAtItsMergeCommitAndAnUnmergedOneFiresNothing() throws Exception {
    String merged = fixture("github-pull-request-merged.json");
    String closed = fixture("github-pull-request-closed-unmerged.json");

    HttpResponse<String> fired = github("pull_request", merged, sign(GITHUB_SECRET, merged));
    HttpResponse<String> ignored = github("pull_request", closed, sign(GITHUB_SECRET, closed));

    assertThat(fired.statusCode()).isEqualTo(202);
    assertThat(runsAt("9b3e1f2a7c4d5e6f708192a3b4c5d6e7f8091a2b")).extracting(RunRequested::getRequestedBy)
        .containsOnly("github pull_request #42 9b3e1f2a7c4d5e6f708192a3b4c5d6e7f8091a2b");
    assertThat(ignored.statusCode()).isEqualTo(202);
    JsonNode reason = json.readTree(ignored.body());
    assertThat(reason.get("status").asString()).isEqualTo("ignored");
    assertThat(reason.get("reason").asString()).contains("not merged");
    assertThat(runsAt("e5bd3914e2e596debea16f433f57875b5b90bcd6")).isEmpty();
  }

  @Test
  void aBadOrMissingSignatureIs401AndFiresNothing() throws Exception {
    String body = fixture("github-push.json").replace(PUSHED, "2222222222222222222222222222222222222222");
    String tampered = body.replace("refs/heads/main", "refs/heads/release");

    assertThat(github("push", body, sign("not the secret at all!!", body)).statusCode()).isEqualTo(401);
    assertThat(github("push", tampered, sign(GITHUB_SECRET, body)).statusCode()).isEqualTo(401);
    assertThat(github("push", body, null).statusCode()).isEqualTo(401);
    HttpResponse<String> gitlab = gitlab("Push Hook", fixture("gitlab-push.json")
        .replace("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", "2222222222222222222222222222222222222222"), "wrong-token");
    assertThat(gitlab.statusCode()).isEqualTo(401);
    assertThat(gitlab.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));

    // A correctly signed delivery after them is what makes the broker's silence about them count.
    String good = fixture("github-push.json").replace(PUSHED, "3333333333333333333333333333333333333333");
    assertThat(github("push", good, sign(GITHUB_SECRET, good)).statusCode()).isEqualTo(202);
    assertThat(runsAt("3333333333333333333333333333333333333333")).hasSize(2);
    assertThat(runsAt("2222222222222222222222222222222222222222")).isEmpty();
  }

  @Test
  void aPingIs200AndAnEventThatFiresNothingIs202WithTheReason() throws Exception {
    String ping = fixture("github-ping.json");
    HttpResponse<String> pong = github("ping", ping, sign(GITHUB_SECRET, ping));
    HttpResponse<String> issues = github("issues", ping, sign(GITHUB_SECRET, ping));
    String tag = fixture("github-push.json").replace("refs/heads/main", "refs/tags/v1.0");
    HttpResponse<String> tagPush = github("push", tag, sign(GITHUB_SECRET, tag));

    assertThat(pong.statusCode()).isEqualTo(200);
    assertThat(json.readTree(pong.body()).get("status").asString()).isEqualTo("pong");
    assertThat(issues.statusCode()).isEqualTo(202);
    assertThat(json.readTree(issues.body()).get("reason").asString()).contains("'issues' fires nothing");
    assertThat(json.readTree(tagPush.body()).get("reason").asString()).contains("not to a branch");
  }

  @Test
  void gitLabPushesAndMergedMergeRequestsFireTheirBranchesSchedules() throws Exception {
    HttpResponse<String> push = gitlab("Push Hook", fixture("gitlab-push.json"), GITLAB_TOKEN);
    HttpResponse<String> merge = gitlab("Merge Request Hook", fixture("gitlab-merge-request-merged.json"), GITLAB_TOKEN);

    assertThat(push.statusCode()).isEqualTo(202);
    assertThat(runsAt("da1560886d4f094c3e6c9ef40349f7d38b5d27d7")).extracting(RunRequested::getSchedule)
        .containsExactly("release");
    assertThat(merge.statusCode()).isEqualTo(202);
    assertThat(runsAt("4b825dc642cb6eb9a060e54bf8d69288fbee4904")).extracting(RunRequested::getRequestedBy)
        .containsOnly("gitlab merge_request !7 4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  }

  @Test
  void aSuspendedScheduleIsNotFiredByAMerge() throws Exception {
    assertThat(api("/api/v1/workspaces/default/schedules/deploy-docs/suspend", "{\"reason\": \"docs freeze\"}")
        .statusCode()).isEqualTo(200);
    try {
      String body = fixture("github-push.json").replace(PUSHED, "4444444444444444444444444444444444444444");
      JsonNode outcome = json.readTree(github("push", body, sign(GITHUB_SECRET, body)).body());

      assertThat(outcome.get("runs").findValuesAsString("outcome")).containsExactly("requested", "suspended");
      assertThat(runsAt("4444444444444444444444444444444444444444")).extracting(RunRequested::getSchedule)
          .containsExactly("deploy");
    } finally {
      api("/api/v1/workspaces/default/schedules/deploy-docs/resume", "{}");
    }
  }

  /** RunRequested records pinned to {@code sha}; every delivery above answered after its sends were acknowledged. */
  private List<RunRequested> runsAt(String sha) {
    List<RunRequested> runs = new ArrayList<>();
    for (ConsumerRecord<String, RunRequested> record : KafkaProbe.readAllCommitted(topics.runRequested())) {
      if (sha.equals(record.value().getProject().getRef())) {
        runs.add(record.value());
      }
    }
    return runs;
  }

  private HttpResponse<String> github(String event, String body, String signature) throws Exception {
    HttpRequest.Builder request = webhook("github", body).header("X-GitHub-Event", event)
        .header("X-GitHub-Delivery", java.util.UUID.randomUUID().toString());
    if (signature != null) {
      request.header("X-Hub-Signature-256", signature);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> gitlab(String event, String body, String token) throws Exception {
    return HTTP.send(webhook("gitlab", body).header("X-Gitlab-Event", event).header("X-Gitlab-Token", token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder webhook(String provider, String body) {
    return HttpRequest.newBuilder(uri("/api/v1/workspaces/default/webhooks/" + provider))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> api(String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + API_TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GitHub's signature, computed here independently of the service's code. */
  private static String sign(String secret, String body) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = MergeWebhookIntegrationTest.class.getResourceAsStream("/webhooks/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
