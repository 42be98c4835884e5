package dev.ferry.cli.runs;

import dev.ferry.cli.ServerOptions;
import dev.ferry.cli.api.FerryHttp;
import dev.ferry.cli.api.SchedulerApi;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code ferry runs list <schedule>}. */
@Command(name = "list", description = "List a schedule's latest runs, newest first.")
final class ListRunsCommand implements Callable<Integer> {

  @Mixin
  ServerOptions servers;

  @Parameters(index = "0", paramLabel = "SCHEDULE")
  String schedule;

  @Option(names = "--limit", defaultValue = "20", description = "How many runs (default ${DEFAULT-VALUE}).")
  int limit;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode runs = new SchedulerApi(new FerryHttp(), servers.scheduler()).runs(servers.workspace(), schedule, limit);
    PrintWriter out = spec.commandLine().getOut();
    for (JsonNode run : runs) {
      out.println(RunText.summary(run));
    }
    return 0;
  }
}
