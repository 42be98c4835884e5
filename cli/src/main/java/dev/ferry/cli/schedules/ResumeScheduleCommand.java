package dev.ferry.cli.schedules;

import dev.ferry.cli.ServerOptions;
import dev.ferry.cli.api.FerryHttp;
import dev.ferry.cli.api.SchedulerApi;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code ferry schedules resume <name>}: ends a suspension; the next tick fires, skipped ones are not caught up. */
@Command(name = "resume", description = "Resume a suspended schedule: its next tick fires; skipped ticks are not caught up.")
final class ResumeScheduleCommand implements Callable<Integer> {

  @Mixin
  ServerOptions servers;

  @Parameters(index = "0", paramLabel = "SCHEDULE")
  String schedule;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode shown = new SchedulerApi(new FerryHttp(), servers.scheduler())
        .resume(servers.workspace(), schedule, SchedulerApi.requester());
    spec.commandLine().getOut().println("resumed " + schedule + "; next run " + SchedulesListing.nextRun(shown));
    return 0;
  }
}
