package dev.ferry.cli.dbt;

import dev.ferry.cli.Ages;
import dev.ferry.cli.ServerOptions;
import dev.ferry.cli.api.FerryHttp;
import dev.ferry.events.RuntimeVariables;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ferry dbt <dbt args> [--schedule-name X]}: dbt, deferring to production when asked. */
@Command(name = "dbt",
    description = {"Run dbt with every argument passed through. With --schedule-name X, fetch the manifest of X's "
        + "latest successful production run (cached; revalidated by ETag) and add --state <its folder>, so that "
        + "--defer and state:modified compare with production.", "",
        "  ferry dbt build --select state:modified+ --defer --schedule-name nightly", ""},
    footer = {"", "Ferry's options go before the dbt arguments; --schedule-name may go anywhere.",
        "The dbt run sees FERRY_DEFER_RUN_ID, the production run it defers to. dbt is FERRY_DBT, ./.venv/bin/dbt, "
            + "Ferry's own .venv, or dbt on PATH, in that order."})
public final class DbtCommand implements Callable<Integer> {

  @Mixin
  ServerOptions servers;

  @Parameters(arity = "0..*", paramLabel = "DBT_ARGS", description = "Arguments for dbt, e.g. build --select x.")
  List<String> args = new ArrayList<>();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    DeferArguments arguments = DeferArguments.parse(args);
    Map<String, String> env = System.getenv();
    Path workingDir = Path.of("").toAbsolutePath();
    List<String> command = new ArrayList<>(List.of(DbtExecutable.find(env, workingDir)));
    Map<String, String> dbtEnvironment = new HashMap<>();
    if (arguments.schedule() == null) {
      command.addAll(arguments.dbtArgs());
    } else {
      Clock clock = Clock.systemUTC();
      CachedManifest manifest = new ManifestFetcher(new FerryHttp().client(), ManifestCache.standard(env), clock,
          spec.commandLine().getErr()).fetch(servers.manifestUrl(), servers.workspace(), arguments.schedule());
      spec.commandLine().getErr().println(deferringLine(arguments.schedule(), manifest, clock));
      spec.commandLine().getErr().flush();
      command.addAll(arguments.withState(manifest.stateDir()));
      dbtEnvironment.put(RuntimeVariables.DEFER_RUN_ID, manifest.runId());
    }
    return DbtProcess.run(command, workingDir, dbtEnvironment);
  }

  /** {@code deferring to nightly run <id> (git abc1234, finished 3 min ago)}. */
  static String deferringLine(String schedule, CachedManifest manifest, Clock clock) {
    String git = manifest.gitSha() == null ? "unknown" : manifest.gitSha().substring(0, Math.min(7, manifest.gitSha().length()));
    return "deferring to " + schedule + " run " + manifest.runId() + " (git " + git + ", finished "
        + Ages.describe(Duration.between(manifest.finishedAt(), clock.instant())) + " ago)";
  }
}
