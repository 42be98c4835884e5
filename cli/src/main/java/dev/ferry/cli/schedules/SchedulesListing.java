package dev.ferry.cli.schedules;

import dev.ferry.cli.ServerOptions;
import dev.ferry.cli.api.FerryHttp;
import dev.ferry.cli.api.SchedulerApi;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** Lists the schedules of the workspace, when each fires next, and which are suspended: {@code ferry schedules [list]}. */
abstract class SchedulesListing implements Callable<Integer> {

  @Mixin
  ServerOptions servers;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode schedules = new SchedulerApi(new FerryHttp(), servers.scheduler()).schedules(servers.workspace());
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-20s %-16s %-18s %-22s %s%n", "NAME", "SCHEDULE", "TIMEZONE", "NEXT RUN", "COMMANDS");
    for (JsonNode s : schedules) {
      out.printf("%-20s %-16s %-18s %-22s %s%n", s.path("name").asString(), s.path("schedule").asString(),
          s.path("timezone").asString(), nextRun(s),
          String.join("; ", s.path("commands").valueStream().map(JsonNode::asString).toList()));
    }
    return 0;
  }

  /** The next run, or that the schedule is suspended (and until when) instead. */
  static String nextRun(JsonNode schedule) {
    if (schedule.path("suspended").asBoolean(false)) {
      JsonNode until = schedule.path("suspension").path("until");
      return until.isString() ? "suspended until " + until.asString() : "suspended";
    }
    return schedule.hasNonNull("nextFireAt") ? schedule.get("nextFireAt").asString() : "-";
  }
}
