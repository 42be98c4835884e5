package dev.ferry.cli.schedules;

import dev.ferry.schedules.SchedulesCheck;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ferry schedules validate}: the scheduler's own checks of a schedules file or folder, offline, for CI. */
@Command(name = "validate", description = {
    "Check a schedules file, or a folder of *.yml/*.yaml schedule files, offline with the scheduler's own reader.",
    "Prints one summary line and exits 0 when valid; prints each problem as file:line:column: field: message"
        + " on stderr and exits 1 otherwise."})
public final class ValidateSchedulesCommand implements Callable<Integer> {

  @Parameters(paramLabel = "<file-or-folder>", defaultValue = "ferry_schedules.yml",
      description = "The schedules file or folder (default: ${DEFAULT-VALUE}).")
  Path path;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    return SchedulesCheck.run(path, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
