package dev.ferry.cli.runs;

import dev.ferry.cli.ServerOptions;
import dev.ferry.cli.api.FerryHttp;
import dev.ferry.cli.api.SchedulerApi;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry runs cancel <run id>}: asks the runners to stop a run; it ends CANCELLED. */
@Command(name = "cancel", description = "Stop a run: its runner stops dbt and the run ends CANCELLED.")
final class CancelRunCommand implements Callable<Integer> {

  @Mixin
  ServerOptions servers;

  @Parameters(index = "0", paramLabel = "RUN_ID")
  String runId;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    new SchedulerApi(new FerryHttp(), servers.scheduler()).cancel(runId, System.getProperty("user.name", "someone"));
    spec.commandLine().getOut().println("cancel of run " + runId + " requested; `ferry runs show " + runId
        + "` shows it CANCELLED once its runner has stopped dbt");
    return 0;
  }
}
