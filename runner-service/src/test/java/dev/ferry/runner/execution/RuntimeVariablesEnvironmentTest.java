package dev.ferry.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.events.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RuntimeVariablesEnvironmentTest {

  private static final Instant START = Instant.parse("2026-11-25T02:00:00.123Z");
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  private static final RuntimeVariablesEnvironment.DbtCloudIds IDS =
      new RuntimeVariablesEnvironment.DbtCloudIds("70", "1234", null);

  @Test
  void theFerrySetAlwaysAndNoAliasUnlessAsked() {
    Map<String, String> env = RuntimeVariablesEnvironment.of(request(Trigger.SCHEDULER, List.of(), null, "main"), START,
        SHA, IDS);

    assertThat(env).containsEntry("FERRY_SCHEDULE_RUN_ID", "run-1").containsEntry("FERRY_SCHEDULE_TRIGGER", "scheduler")
        .containsEntry("FERRY_SCHEDULE_RUN_START_DTTM", "2026-11-25T02:00:00Z").containsEntry("FERRY_RUN_ATTEMPT", "2");
    assertThat(env.keySet()).allMatch(name -> name.startsWith("FERRY_"));
  }

  @Test
  void paradimeNamesCarryTheFerryMeanings() {
    Map<String, String> env = RuntimeVariablesEnvironment.of(request(Trigger.MANUAL, List.of("paradime"), null, "main"),
        START, SHA, IDS);

    assertThat(env).containsEntry("PARADIME_WORKSPACE_NAME", "default").containsEntry("PARADIME_SCHEDULE_NAME", "nightly")
        .containsEntry("PARADIME_SCHEDULE_RUN_ID", "run-1")
        .containsEntry("PARADIME_SCHEDULE_RUN_START_DTTM", "2026-11-25T02:00:00Z")
        .containsEntry("PARADIME_SCHEDULE_TRIGGER", "manual").containsEntry("PARADIME_SCHEDULE_GIT_SHA", SHA);
    assertThat(env).doesNotContainKey("DBT_CLOUD_RUN_ID");
  }

  @Test
  void dbtCloudNamesWithDbtCloudsOwnReasonCategories() {
    Map<String, String> scheduled = RuntimeVariablesEnvironment.of(
        request(Trigger.SCHEDULER, List.of("dbt_cloud"), null, "refs/heads/main"), START, SHA, IDS);
    assertThat(scheduled).containsEntry("DBT_CLOUD_RUN_ID", "run-1").containsEntry("DBT_CLOUD_JOB_ID", "nightly")
        .containsEntry("DBT_CLOUD_RUN_REASON_CATEGORY", "scheduled").containsEntry("DBT_CLOUD_ENVIRONMENT_TYPE", "prod")
        .containsEntry("DBT_ENV", "prod").containsEntry("DBT_CLOUD_GIT_SHA", SHA)
        .containsEntry("DBT_CLOUD_GIT_BRANCH", "main").containsEntry("DBT_CLOUD_ACCOUNT_ID", "70")
        .containsEntry("DBT_CLOUD_PROJECT_ID", "1234").doesNotContainKey("DBT_CLOUD_ENVIRONMENT_ID")
        .doesNotContainKey("DBT_CLOUD_PR_ID");

    assertThat(category(Trigger.CI, new RunRequest.PullRequest("github", "42", "feature/x"))).isEqualTo("github_pull_request");
    assertThat(category(Trigger.CI, new RunRequest.PullRequest("gitlab", "7", null))).isEqualTo("gitlab_merge_request");
    assertThat(category(Trigger.CI, new RunRequest.PullRequest("azure", "9", null))).isEqualTo("azure_pull_request");
    assertThat(category(Trigger.CI, new RunRequest.PullRequest("bitbucket", "9", null))).isEqualTo("other");
    assertThat(category(Trigger.MANUAL, null)).isEqualTo("other");
    assertThat(category(Trigger.API, null)).isEqualTo("other");
    assertThat(category(Trigger.ON_COMPLETION, null)).isEqualTo("other");

    Map<String, String> ci = RuntimeVariablesEnvironment.of(request(Trigger.CI, List.of("dbt_cloud"),
        new RunRequest.PullRequest("github", "42", "feature/x"), SHA), START, SHA, IDS);
    assertThat(ci).containsEntry("DBT_CLOUD_PR_ID", "42").containsEntry("DBT_CLOUD_GIT_BRANCH", "feature/x")
        .containsEntry("DBT_CLOUD_RUN_REASON", "Pull request #42");
    Map<String, String> pinned = RuntimeVariablesEnvironment.of(request(Trigger.MANUAL, List.of("dbt_cloud"), null, SHA),
        START, SHA, IDS);
    assertThat(pinned).as("a commit is no branch").doesNotContainKey("DBT_CLOUD_GIT_BRANCH");
  }

  private static String category(Trigger trigger, RunRequest.PullRequest pullRequest) {
    return RuntimeVariablesEnvironment.reasonCategory(request(trigger, List.of("dbt_cloud"), pullRequest, "main"));
  }

  private static RunRequest request(Trigger trigger, List<String> aliases, RunRequest.PullRequest pullRequest, String ref) {
    return new RunRequest("run-1", "default", "nightly", trigger, 2, START, List.of(new RunRequest.Command(List.of("build"), false)),
        new RunRequest.Project("https://example.com/a.git", ref, null), "prod", null, null, "ana", Map.of(), Map.of(), null, aliases, pullRequest);
  }
}
