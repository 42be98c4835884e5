package dev.ferry.cli.schedules;

import dev.ferry.cli.ServerOptions;
import dev.ferry.cli.api.FerryHttp;
import dev.ferry.cli.api.SchedulerApi;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code ferry schedules suspend <name> [--until TIME | --for DURATION] [--reason TEXT]}. */
@Command(name = "suspend", description = {"Suspend a schedule: its cron ticks are skipped (recorded, not caught up"
    + " later) and merges do not fire it, until it is resumed or until --until / --for has passed.",
    "Explicit triggers (ferry runs trigger, the API, CI) still run it."})
final class SuspendScheduleCommand implements Callable<Integer> {

  @Mixin
  ServerOptions servers;

  @Parameters(index = "0", paramLabel = "SCHEDULE")
  String schedule;

  @ArgGroup(exclusive = true)
  End end;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown with the schedule.")
  String reason;

  @Spec
  CommandSpec spec;

  /** When the suspension ends by itself; neither: when resumed. */
  static final class End {
    @Option(names = "--until", paramLabel = "TIME", description = "ISO-8601 with an offset, e.g. 2026-12-01T00:00:00Z.")
    String until;

    @Option(names = "--for", paramLabel = "DURATION", description = "From now: 30m, 2h, 1d, 1h30m or PT2H.")
    String duration;
  }

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    if (end != null && end.until != null) {
      body.put("until", end.until);
    }
    if (end != null && end.duration != null) {
      body.put("for", end.duration);
    }
    if (reason != null) {
      body.put("reason", reason);
    }
    body.put("requestedBy", SchedulerApi.requester());
    JsonNode shown = new SchedulerApi(new FerryHttp(), servers.scheduler()).suspend(servers.workspace(), schedule, body);
    spec.commandLine().getOut().println("suspended " + schedule + " " + describe(shown.path("suspension")));
    return 0;
  }

  private static String describe(JsonNode suspension) {
    String until = suspension.path("until").isString() ? "until " + suspension.path("until").asString() : "until resumed";
    return suspension.path("reason").isString() ? until + ": " + suspension.path("reason").asString() : until;
  }
}
