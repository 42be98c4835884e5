package dev.ferry.cli.api;

import dev.ferry.cli.CliException;
import dev.ferry.cli.ExitCodes;
import dev.ferry.events.SafeNames;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The scheduler service's REST API as the CLI uses it. */
public final class SchedulerApi {

  private final FerryHttp http;
  private final Service service;

  public SchedulerApi(FerryHttp http, Service service) {
    this.http = http;
    this.service = service;
  }

  public JsonNode schedules(String workspace) {
    return http.get(service, "/api/v1/workspaces/" + workspace + "/schedules");
  }

  public JsonNode trigger(String workspace, String schedule, String requestedBy) {
    requireName("schedule", schedule);
    return http.post(service, "/api/v1/workspaces/" + workspace + "/schedules/" + schedule + "/runs",
        Map.of("trigger", "manual", "requestedBy", requestedBy));
  }

  public JsonNode run(String runId) {
    return http.get(service, "/api/v1/runs/" + requireRunId(runId));
  }

  /** Asks the runners to stop the run; the answer is the run as it stands. */
  public JsonNode cancel(String runId, String requestedBy) {
    return http.post(service, "/api/v1/runs/" + requireRunId(runId) + "/cancel", Map.of("requestedBy", requestedBy));
  }

  /** Prints the run's log line by line; with {@code follow}, until the run has ended. */
  public void logs(String runId, boolean follow, java.util.function.Consumer<String> lines) {
    http.lines(service, "/api/v1/runs/" + requireRunId(runId) + "/logs?follow=" + follow, lines);
  }

  private static String requireRunId(String runId) {
    if (!SafeNames.isRunId(runId)) {
      throw new CliException("'" + runId + "' is not a run id (a lower-case UUID)", ExitCodes.USAGE);
    }
    return runId;
  }

  public JsonNode runs(String workspace, String schedule, int limit) {
    requireName("schedule", schedule);
    return http.get(service, "/api/v1/workspaces/" + workspace + "/schedules/" + schedule + "/runs?limit=" + limit);
  }

  private static void requireName(String what, String value) {
    if (!SafeNames.isName(value)) {
      throw new CliException(what + " '" + value + "' is not a valid name", ExitCodes.USAGE);
    }
  }
}
