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

  /** One schedule as the scheduler shows it, its suspension included. */
  public JsonNode schedule(String workspace, String schedule) {
    return http.get(service, schedulePath(workspace, schedule));
  }

  /** Requests a run; {@code body} is the trigger with its overrides ({@code trigger}, {@code commands}, ...). */
  public JsonNode trigger(String workspace, String schedule, Map<String, Object> body) {
    return http.post(service, schedulePath(workspace, schedule) + "/runs", body);
  }

  /** Suspends a schedule; {@code body} holds {@code until} or {@code for}, {@code reason}, {@code requestedBy}. */
  public JsonNode suspend(String workspace, String schedule, Map<String, Object> body) {
    return http.post(service, schedulePath(workspace, schedule) + "/suspend", body);
  }

  public JsonNode resume(String workspace, String schedule, String requestedBy) {
    return http.post(service, schedulePath(workspace, schedule) + "/resume", Map.of("requestedBy", requestedBy));
  }

  /** Who the CLI says asked: {@code user@host (ferry cli)}. */
  public static String requester() {
    String user = System.getProperty("user.name", "someone");
    try {
      return user + "@" + java.net.InetAddress.getLocalHost().getHostName() + " (ferry cli)";
    } catch (java.net.UnknownHostException e) {
      return user + " (ferry cli)";
    }
  }

  private static String schedulePath(String workspace, String schedule) {
    requireName("schedule", schedule);
    return "/api/v1/workspaces/" + workspace + "/schedules/" + schedule;
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
    return http.get(service, schedulePath(workspace, schedule) + "/runs?limit=" + limit);
  }

  private static void requireName(String what, String value) {
    if (!SafeNames.isName(value)) {
      throw new CliException(what + " '" + value + "' is not a valid name", ExitCodes.USAGE);
    }
  }
}
