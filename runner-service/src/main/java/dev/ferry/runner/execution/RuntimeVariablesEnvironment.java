package dev.ferry.runner.execution;

import dev.ferry.events.RuntimeVariables;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The FERRY_* runtime variables of a run, as dbt sees them in its environment. */
final class RuntimeVariablesEnvironment {

  private RuntimeVariablesEnvironment() {}

  static Map<String, String> of(RunRequest request, Instant startedAt, String gitSha) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(RuntimeVariables.WORKSPACE_NAME, request.workspace());
    env.put(RuntimeVariables.SCHEDULE_NAME, request.schedule());
    env.put(RuntimeVariables.SCHEDULE_RUN_ID, request.runId());
    env.put(RuntimeVariables.SCHEDULE_RUN_START_DTTM, startedAt.truncatedTo(ChronoUnit.SECONDS).toString());
    env.put(RuntimeVariables.SCHEDULE_TRIGGER, RuntimeVariables.triggerValue(request.trigger()));
    env.put(RuntimeVariables.SCHEDULE_GIT_SHA, gitSha);
    env.put(RuntimeVariables.RUN_ATTEMPT, Integer.toString(request.attempt()));
    return env;
  }
}
