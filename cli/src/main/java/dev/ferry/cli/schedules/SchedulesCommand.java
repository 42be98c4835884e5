package dev.ferry.cli.schedules;

import dev.ferry.cli.ServerOptions;
import dev.ferry.cli.api.FerryHttp;
import dev.ferry.cli.api.SchedulerApi;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code ferry schedules}: the schedules of the workspace and when each fires next. */
@Command(name = "schedules", description = "List the schedules of the workspace and when each fires next.", subcommands = ValidateSchedulesCommand.class)
public final class SchedulesCommand implements Callable<Integer> {

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
          s.path("timezone").asString(), s.hasNonNull("nextFireAt") ? s.get("nextFireAt").asString() : "-",
          String.join("; ", s.path("commands").valueStream().map(JsonNode::asString).toList()));
    }
    return 0;
  }
}
