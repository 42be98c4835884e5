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

/** {@code ferry runs show <run id>}. */
@Command(name = "show", description = "Show one run: status, timings, commands and artifacts.")
final class ShowRunCommand implements Callable<Integer> {

  @Mixin
  ServerOptions servers;

  @Parameters(index = "0", paramLabel = "RUN_ID")
  String runId;

  @Option(names = "--json", description = "Print the run as JSON.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode run = new SchedulerApi(new FerryHttp(), servers.scheduler()).run(runId);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(run.toPrettyString());
      return 0;
    }
    out.println(RunText.summary(run));
    for (String field : new String[] {"workspace", "trigger", "attempt", "requestedBy", "requestedAt", "scheduledTick",
        "startedAt", "finishedAt", "worker", "gitSha", "dbtVersion"}) {
      if (run.hasNonNull(field)) {
        out.printf("  %-14s %s%n", field, run.get(field).asString());
      }
    }
    JsonNode request = run.path("request");
    for (String field : new String[] {"gitRef", "target", "deferTo", "pullRequest"}) {
      if (request.hasNonNull(field)) {
        out.printf("  %-14s %s%n", field, request.get(field).asString());
      }
    }
    if (!request.path("overrides").isEmpty()) {
      out.printf("  %-14s %s%n", "overrides", String.join(", ",
          request.path("overrides").valueStream().map(JsonNode::asString).toList()));
    }
    for (JsonNode command : run.path("commands")) {
      out.printf("  command        dbt %s -> exit %d (%d ms)%n",
          String.join(" ", command.path("args").valueStream().map(JsonNode::asString).toList()),
          command.path("exitCode").asInt(), command.path("durationMillis").asLong());
    }
    for (JsonNode artifact : run.path("artifacts")) {
      out.printf("  artifact       %s (%d bytes)%n", artifact.path("uri").asString(), artifact.path("sizeBytes").asLong());
    }
    return 0;
  }
}
