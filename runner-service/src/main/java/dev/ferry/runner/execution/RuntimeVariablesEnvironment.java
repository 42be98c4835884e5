package dev.ferry.runner.execution;

import dev.ferry.events.RuntimeVariables;
import dev.ferry.events.Trigger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime variables of a run, as dbt sees them in its environment: the FERRY_* set always,
 * and the alias sets a schedule asks for, so that projects moving from Paradime or dbt Cloud run
 * unchanged ({@code paradime}: the same meanings under PARADIME_* names; {@code dbt_cloud}: the
 * DBT_CLOUD_* variables that have an equivalent, with dbt Cloud's own run reason categories).
 */
final class RuntimeVariablesEnvironment {

  static final String PARADIME = "paradime";
  static final String DBT_CLOUD = "dbt_cloud";

  private static final Logger log = LoggerFactory.getLogger(RuntimeVariablesEnvironment.class);

  /** dbt Cloud's ids of the project, environment and account, from the runner's configuration; any may be null. */
  record DbtCloudIds(String accountId, String projectId, String environmentId) {}

  private RuntimeVariablesEnvironment() {}

  static Map<String, String> of(RunRequest request, Instant startedAt, String gitSha, DbtCloudIds dbtCloud) {
    Map<String, String> env = new LinkedHashMap<>();
    String start = startedAt.truncatedTo(ChronoUnit.SECONDS).toString();
    String trigger = RuntimeVariables.triggerValue(request.trigger());
    env.put(RuntimeVariables.WORKSPACE_NAME, request.workspace());
    env.put(RuntimeVariables.SCHEDULE_NAME, request.schedule());
    env.put(RuntimeVariables.SCHEDULE_RUN_ID, request.runId());
    env.put(RuntimeVariables.SCHEDULE_RUN_START_DTTM, start);
    env.put(RuntimeVariables.SCHEDULE_TRIGGER, trigger);
    env.put(RuntimeVariables.SCHEDULE_GIT_SHA, gitSha);
    env.put(RuntimeVariables.RUN_ATTEMPT, Integer.toString(request.attempt()));
    for (String alias : request.runtimeVariableAliases()) {
      switch (alias) {
        case PARADIME -> {
          env.put("PARADIME_WORKSPACE_NAME", request.workspace());
          env.put("PARADIME_SCHEDULE_NAME", request.schedule());
          env.put("PARADIME_SCHEDULE_RUN_ID", request.runId());
          env.put("PARADIME_SCHEDULE_RUN_START_DTTM", start);
          env.put("PARADIME_SCHEDULE_TRIGGER", trigger);
          env.put("PARADIME_SCHEDULE_GIT_SHA", gitSha);
        }
        case DBT_CLOUD -> dbtCloud(env, request, gitSha, dbtCloud);
        default -> log.warn("Run {} asks for unknown runtime variable aliases '{}'; only {} and {} exist",
            request.runId(), alias, PARADIME, DBT_CLOUD);
      }
    }
    return env;
  }

  private static void dbtCloud(Map<String, String> env, RunRequest request, String gitSha, DbtCloudIds ids) {
    env.put("DBT_CLOUD_RUN_ID", request.runId());
    env.put("DBT_CLOUD_JOB_ID", request.schedule());
    env.put("DBT_CLOUD_RUN_REASON_CATEGORY", reasonCategory(request));
    env.put("DBT_CLOUD_RUN_REASON", reason(request));
    env.put("DBT_CLOUD_ENVIRONMENT_TYPE", "prod");
    env.put("DBT_ENV", "prod");
    env.put("DBT_CLOUD_GIT_SHA", gitSha);
    String branch = branch(request);
    if (branch != null) {
      env.put("DBT_CLOUD_GIT_BRANCH", branch);
    }
    if (request.trigger() == Trigger.CI && request.pullRequest() != null) {
      env.put("DBT_CLOUD_PR_ID", request.pullRequest().id());
    }
    putIfSet(env, "DBT_CLOUD_ACCOUNT_ID", ids.accountId());
    putIfSet(env, "DBT_CLOUD_PROJECT_ID", ids.projectId());
    putIfSet(env, "DBT_CLOUD_ENVIRONMENT_ID", ids.environmentId());
  }

  /** dbt Cloud's categories: scheduled, github_pull_request, gitlab_merge_request, azure_pull_request, other. */
  static String reasonCategory(RunRequest request) {
    if (request.trigger() == Trigger.SCHEDULER) {
      return "scheduled";
    }
    if (request.trigger() == Trigger.CI && request.pullRequest() != null) {
      return switch (request.pullRequest().provider()) {
        case "github" -> "github_pull_request";
        case "gitlab" -> "gitlab_merge_request";
        case "azure" -> "azure_pull_request";
        default -> "other";
      };
    }
    return "other";
  }

  private static String reason(RunRequest request) {
    return switch (request.trigger()) {
      case SCHEDULER -> "Scheduled by Ferry";
      case MANUAL -> "Kicked off by " + request.requestedBy();
      case API -> "Triggered via API by " + request.requestedBy();
      case CI -> request.pullRequest() == null ? "CI run requested by " + request.requestedBy()
          : "Pull request #" + request.pullRequest().id();
      case ON_COMPLETION -> "Triggered on completion of another schedule";
    };
  }

  /** The branch the run built: a CI request's source branch, else the project ref unless it is a commit or HEAD. */
  private static String branch(RunRequest request) {
    if (request.pullRequest() != null && request.pullRequest().branch() != null) {
      return request.pullRequest().branch();
    }
    String ref = request.project().ref();
    if (ref == null || ref.equals("HEAD") || ref.matches("[0-9a-f]{7,40}")) {
      return null;
    }
    return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
  }

  private static void putIfSet(Map<String, String> env, String name, String value) {
    if (value != null && !value.isBlank()) {
      env.put(name, value);
    }
  }
}
