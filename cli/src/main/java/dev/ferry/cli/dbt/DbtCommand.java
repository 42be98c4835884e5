package dev.ferry.cli.dbt;

import dev.ferry.cli.Ages;
import dev.ferry.cli.CliContext;
import dev.ferry.cli.ServerOptions;
import dev.ferry.cli.manifest.CachedManifest;
import dev.ferry.cli.manifest.ManifestFetcher;
import dev.ferry.cli.manifest.ManifestGate;
import dev.ferry.events.RuntimeVariables;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry dbt <dbt args> [--schedule-name X]}: dbt, deferring to production when asked. */
@Command(name = "dbt",
    description = {"Run dbt with every argument passed through. With --schedule-name X, fetch the manifest of X's "
        + "latest successful production run (cached; revalidated by ETag; the cache serves when the service is "
        + "down) and add --state <its folder>, so that --defer and state:modified compare with production.", "",
        "  ferry dbt build --select state:modified+ --defer --schedule-name nightly", "",
        "Defer options (anywhere among the dbt arguments):",
        "  --schedule-name NAME     the schedule to defer to (env FERRY_DEFER_SCHEDULE, used when the dbt",
        "                           command has --defer or a state: selector and no --state of its own)",
        "  --defer-run-id ID        that run's manifest (cached for good once fetched)",
        "  --as-of TIME             the newest run that finished at or before TIME (2026-11-25T10:00:00Z)",
        "  --defer-to-any-status    runs of any status that produced a manifest, not only SUCCEEDED ones",
        "  --max-age DURATION       refuse a manifest whose run finished longer ago (90m, 6h, 2d, PT6H)"},
    footer = {"", "Server options go before the dbt arguments. The dbt run sees FERRY_DEFER_RUN_ID, the production "
        + "run it defers to. dbt is FERRY_DBT, ./.venv/bin/dbt, Ferry's own .venv, or dbt on PATH, in that order. "
        + "Exit code: dbt's; Ferry's own failures are listed in docs/cli.md."})
public final class DbtCommand implements Callable<Integer> {

  @Mixin
  ServerOptions servers;

  @Parameters(arity = "0..*", paramLabel = "DBT_ARGS", description = "Arguments for dbt, e.g. build --select x.")
  List<String> args = new ArrayList<>();

  @Spec
  CommandSpec spec;

  /** The command as picocli would have filled it in (the start-up shortcut, {@code DbtShortcut}). */
  public static DbtCommand of(ServerOptions servers, List<String> args) {
    DbtCommand command = new DbtCommand();
    command.servers = servers;
    command.args = new ArrayList<>(args);
    return command;
  }

  /** The arguments given for dbt, Ferry's defer options among them. */
  public List<String> arguments() {
    return List.copyOf(args);
  }

  public ServerOptions servers() {
    return servers;
  }

  @Override
  public Integer call() {
    return run(spec.commandLine().getErr());
  }

  /** Runs dbt, deferring when asked; Ferry's own lines go to {@code err}. Returns dbt's exit code. */
  public int run(PrintWriter err) {
    CliContext context = servers.context();
    DeferArguments arguments = DeferArguments.parse(args, context.var(DeferArguments.SCHEDULE_ENV));
    String dbt = DbtExecutable.find(context.env(), context.workingDir());
    List<String> command = new ArrayList<>(List.of(dbt));
    Map<String, String> dbtEnvironment = new HashMap<>();
    if (arguments.query() == null) {
      command.addAll(arguments.dbtArgs());
    } else {
      CachedManifest manifest = ManifestFetcher.forUser(context, err)
          .fetch(servers.manifests(), servers.workspace(), arguments.query());
      Instant now = context.clock().instant();
      ManifestGate.requireFresh(manifest, arguments.maxAge(), now);
      for (String warning : ManifestGate.checkReadable(manifest, LocalDbt.version(dbt, context.var("PATH")))) {
        err.println("ferry: " + warning);
      }
      err.println(deferringLine(arguments.query().schedule(), manifest, now));
      err.flush();
      command.addAll(arguments.withState(manifest.stateDir()));
      dbtEnvironment.put(RuntimeVariables.DEFER_RUN_ID, manifest.runId());
    }
    return DbtProcess.run(command, context.workingDir(), dbtEnvironment, context.stderrIsTerminal());
  }

  /** {@code deferring to nightly run <id> (SUCCEEDED, git abc1234, finished 3h 12m ago)}. */
  public static String deferringLine(String schedule, CachedManifest manifest, Instant now) {
    String sha = manifest.gitSha();
    String git = sha == null ? "unknown" : sha.substring(0, Math.min(7, sha.length()));
    Duration age = manifest.age(now);
    return "deferring to " + schedule + " run " + manifest.runId() + " ("
        + (manifest.runStatus() == null || "SUCCEEDED".equals(manifest.runStatus()) ? "" : manifest.runStatus() + ", ")
        + "git " + git + ", finished " + (age == null ? "at an unknown time" : Ages.compact(age) + " ago") + ")";
  }
}
