package dev.ferry.cli.state;

import dev.ferry.cli.CliContext;
import dev.ferry.cli.CliException;
import dev.ferry.cli.ServerOptions;
import dev.ferry.cli.dbt.DbtCommand;
import dev.ferry.cli.dbt.DeferArguments;
import dev.ferry.cli.manifest.CachedManifest;
import dev.ferry.cli.manifest.ManifestFetcher;
import dev.ferry.cli.manifest.ManifestGate;
import dev.ferry.cli.manifest.ManifestQuery;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ferry state pull}: the defer target's manifest.json in a folder of your choosing. */
@Command(name = "pull", description = {"Write the manifest.json that ferry dbt would defer to into a folder, for "
    + "tools that take a plain --state folder. Same cache, same offline behaviour as ferry dbt. Prints the folder.",
    "", "  dbt build --select state:modified+ --defer --state \"$(ferry state pull --schedule-name nightly)\"", ""})
final class StatePullCommand implements Callable<Integer> {

  /** Under the working directory; one folder per schedule so that two schedules never overwrite each other. */
  static final String DEFAULT_DIR = ".ferry-state";

  @Mixin
  ServerOptions servers;

  @Mixin
  DeferTargetOptions target;

  @Option(names = DeferArguments.SCHEDULE_NAME, paramLabel = "NAME",
      description = "The schedule (env FERRY_DEFER_SCHEDULE).")
  String schedule;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Folder to write manifest.json into (default ./" + DEFAULT_DIR + "/<schedule>).")
  Path dir;

  @Option(names = DeferArguments.MAX_AGE, paramLabel = "DURATION",
      description = "Refuse a manifest whose run finished longer ago (90m, 6h, 2d, PT6H).")
  String maxAge;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    CliContext context = servers.context();
    ManifestQuery query = target.query(StateCommand.schedule(schedule, context));
    PrintWriter err = spec.commandLine().getErr();
    CachedManifest manifest = ManifestFetcher.forUser(context, err).fetch(servers.manifests(), servers.workspace(), query);
    Instant now = context.clock().instant();
    ManifestGate.requireFresh(manifest, DeferArguments.parseMaxAge(maxAge), now);
    Path folder = context.workingDir().resolve(dir != null ? dir : Path.of(DEFAULT_DIR, query.schedule()));
    copy(manifest.manifestFile(), folder.resolve("manifest.json"));
    err.println(DbtCommand.deferringLine(query.schedule(), manifest, now).replaceFirst("^deferring to", "pulled"));
    err.flush();
    spec.commandLine().getOut().println(folder);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static void copy(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Path temp = Files.createTempFile(to.getParent(), ".manifest", ".tmp");
      Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
      try {
        Files.move(temp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, to, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new CliException("cannot write " + to + ": " + e.getMessage());
    }
  }
}
