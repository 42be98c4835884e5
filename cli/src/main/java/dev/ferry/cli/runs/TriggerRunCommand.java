package dev.ferry.cli.runs;

import dev.ferry.cli.ServerOptions;
import dev.ferry.cli.api.FerryHttp;
import dev.ferry.cli.api.SchedulerApi;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code ferry runs trigger <schedule> [--wait]}. */
@Command(name = "trigger", description = {"Request a production run of a schedule now.",
    "With --wait, follow it and exit 0 when it SUCCEEDED, 1 when it ended otherwise."})
final class TriggerRunCommand implements Callable<Integer> {

  private static final Duration POLL = Duration.ofSeconds(1);

  @Mixin
  ServerOptions servers;

  @Parameters(index = "0", paramLabel = "SCHEDULE", description = "The schedule to run.")
  String schedule;

  @Option(names = "--wait", description = "Follow the run until it ends.")
  boolean await;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    SchedulerApi scheduler = new SchedulerApi(new FerryHttp(), servers.scheduler());
    JsonNode accepted = scheduler.trigger(servers.workspace(), schedule, requester());
    String runId = accepted.path("runId").asString();
    PrintWriter out = spec.commandLine().getOut();
    out.println(runId);
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    err.println("requested " + schedule + " run " + runId);
    err.flush();
    if (!await) {
      return 0;
    }
    String lastStatus = "REQUESTED";
    while (true) {
      JsonNode run = scheduler.run(runId);
      String status = RunText.status(run);
      if (RunText.finished(run)) {
        err.println(RunText.summary(run));
        err.flush();
        return "SUCCEEDED".equals(status) ? 0 : 1;
      }
      if (!Objects.equals(status, lastStatus)) {
        err.println(RunText.summary(run));
        err.flush();
        lastStatus = status;
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  private static String requester() {
    String user = System.getProperty("user.name", "someone");
    try {
      return user + "@" + InetAddress.getLocalHost().getHostName() + " (ferry cli)";
    } catch (java.net.UnknownHostException e) {
      return user + " (ferry cli)";
    }
  }
}
