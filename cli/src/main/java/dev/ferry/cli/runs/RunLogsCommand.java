package dev.ferry.cli.runs;

import dev.ferry.cli.ServerOptions;
import dev.ferry.cli.api.FerryHttp;
import dev.ferry.cli.api.SchedulerApi;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry runs logs <run id> [--follow]}: a run's console log, live while it runs. */
@Command(name = "logs", description = "Print a run's log (dbt's output, secrets masked); --follow until the run ends.")
final class RunLogsCommand implements Callable<Integer> {

  @Mixin
  ServerOptions servers;

  @Parameters(index = "0", paramLabel = "RUN_ID")
  String runId;

  @Option(names = {"-f", "--follow"}, description = "Keep printing lines as the run writes them, until it ends.")
  boolean follow;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    new SchedulerApi(new FerryHttp(), servers.scheduler()).logs(runId, follow, line -> {
      out.println(line);
      out.flush();
    });
    return 0;
  }
}
