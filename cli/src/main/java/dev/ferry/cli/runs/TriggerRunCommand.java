package dev.ferry.cli.runs;

import dev.ferry.cli.CliException;
import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.ServerOptions;
import dev.ferry.cli.api.FerryHttp;
import dev.ferry.cli.api.SchedulerApi;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/** {@code ferry runs trigger <schedule> [overrides] [--ci --pr N --git-ref REF] [--wait]}. */
@Command(name = "trigger", description = {"Request a production run of a schedule now, optionally changed for this run.",
    "With --ci, a CI run of a pull request: it needs --pr and --git-ref and defers to the schedule's defer_to"
        + " (or the schedule itself) unless --defer-to names another.",
    "With --wait, follow it and exit 0 when it SUCCEEDED, 1 when it ended otherwise."})
final class TriggerRunCommand implements Callable<Integer> {

  private static final Duration POLL = Duration.ofSeconds(1);

  @Mixin
  ServerOptions servers;

  @Parameters(index = "0", paramLabel = "SCHEDULE", description = "The schedule to run.")
  String schedule;

  @Option(names = "--command", paramLabel = "\"dbt ...\"",
      description = "A dbt command line to run instead of the schedule's; repeat for several, run in order.")
  List<String> commands;

  @Option(names = "--git-ref", paramLabel = "REF", description = "Branch, tag, commit or ref to check out.")
  String gitRef;

  @Option(names = "--target", paramLabel = "TARGET", description = "dbt target instead of the schedule's.")
  String target;

  @Option(names = "--env", paramLabel = "NAME=VALUE", description = "An extra environment variable; repeatable.")
  Map<String, String> env;

  @Option(names = "--defer-to", paramLabel = "SCHEDULE", description = "Schedule whose latest manifest the run defers to.")
  String deferTo;

  @Option(names = "--ci", description = "A CI run of a pull or merge request (needs --pr and --git-ref).")
  boolean ci;

  @Option(names = "--pr", paramLabel = "NUMBER", description = "The pull or merge request of a --ci run.")
  String pullRequest;

  @Option(names = "--provider", paramLabel = "NAME", defaultValue = "github",
      description = "Where the pull request lives: github, gitlab, azure or other (default: ${DEFAULT-VALUE}).")
  String provider;

  @Option(names = "--branch", paramLabel = "BRANCH", description = "The pull request's source branch.")
  String branch;

  @Option(names = "--wait", description = "Follow the run until it ends.")
  boolean await;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    SchedulerApi scheduler = new SchedulerApi(new FerryHttp(), servers.scheduler());
    JsonNode accepted = scheduler.trigger(servers.workspace(), schedule, body());
    String runId = accepted.path("runId").asString();
    PrintWriter out = spec.commandLine().getOut();
    out.println(runId);
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    List<String> overrides = accepted.path("overrides").valueStream().map(JsonNode::asString).toList();
    err.println("requested " + schedule + " run " + runId
        + (overrides.isEmpty() ? "" : " (overriding " + String.join(", ", overrides) + ")"));
    err.flush();
    return await ? follow(scheduler, runId, err) : 0;
  }

  /** The trigger as the API takes it; the scheduler checks every value and names a bad one. */
  Map<String, Object> body() {
    if (pullRequest != null && !ci) {
      throw new CliException("--pr needs --ci", ExitCodes.USAGE);
    }
    if (ci && (pullRequest == null || gitRef == null)) {
      throw new CliException("--ci needs --pr <number> and --git-ref <ref>, e.g. --pr 42 --git-ref refs/pull/42/head",
          ExitCodes.USAGE);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("trigger", ci ? "ci" : "manual");
    body.put("requestedBy", SchedulerApi.requester());
    putIfSet(body, "commands", commands);
    putIfSet(body, "gitRef", gitRef);
    putIfSet(body, "target", target);
    putIfSet(body, "env", env);
    putIfSet(body, "deferTo", deferTo);
    if (ci) {
      Map<String, Object> pr = new LinkedHashMap<>();
      pr.put("provider", provider);
      pr.put("id", pullRequest);
      putIfSet(pr, "branch", branch);
      body.put("pullRequest", pr);
    }
    return body;
  }

  private static void putIfSet(Map<String, Object> body, String field, Object value) {
    if (value != null) {
      body.put(field, value);
    }
  }

  private static int follow(SchedulerApi scheduler, String runId, PrintWriter err) {
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
}
