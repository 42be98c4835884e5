package dev.ferry.events;

/**
 * Names of the environment variables every dbt process of a Ferry run sees, usable in models as
 * {@code {{ env_var('FERRY_SCHEDULE_RUN_ID') }}}.
 */
public final class RuntimeVariables {

  /** Workspace that owns the schedule. */
  public static final String WORKSPACE_NAME = "FERRY_WORKSPACE_NAME";
  /** Schedule that triggered the run. */
  public static final String SCHEDULE_NAME = "FERRY_SCHEDULE_NAME";
  /** Run id that writes the data. */
  public static final String SCHEDULE_RUN_ID = "FERRY_SCHEDULE_RUN_ID";
  /** Run start, ISO-8601 UTC. */
  public static final String SCHEDULE_RUN_START_DTTM = "FERRY_SCHEDULE_RUN_START_DTTM";
  /** scheduler, manual, api, ci or on_completion. */
  public static final String SCHEDULE_TRIGGER = "FERRY_SCHEDULE_TRIGGER";
  /** Commit the run checked out. */
  public static final String SCHEDULE_GIT_SHA = "FERRY_SCHEDULE_GIT_SHA";
  /** 1 for the first try. */
  public static final String RUN_ATTEMPT = "FERRY_RUN_ATTEMPT";

  /** The prod run a developer's deferred run points at; set by the CLI. */
  public static final String DEFER_RUN_ID = "FERRY_DEFER_RUN_ID";

  private RuntimeVariables() {}

  /** The value of {@link #SCHEDULE_TRIGGER} for a trigger: its name in lower case. */
  public static String triggerValue(Trigger trigger) {
    return trigger.name().toLowerCase(java.util.Locale.ROOT);
  }
}
