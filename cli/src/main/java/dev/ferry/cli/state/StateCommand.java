package dev.ferry.cli.state;

import dev.ferry.cli.CliContext;
import dev.ferry.cli.CliException;
import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.dbt.DeferArguments;
import picocli.CommandLine.Command;

/** {@code ferry state …}: production state for tools that want a plain {@code --state} folder. */
@Command(name = "state", description = "Production state (the manifest a schedule defers to) outside ferry dbt.",
    subcommands = {StatePullCommand.class, StateShowCommand.class})
public final class StateCommand {

  /** The schedule given, else {@code FERRY_DEFER_SCHEDULE}, else a usage error. */
  static String schedule(String given, CliContext context) {
    String schedule = given != null ? given : context.var(DeferArguments.SCHEDULE_ENV);
    if (schedule == null) {
      throw new CliException("name the schedule (" + DeferArguments.SCHEDULE_NAME + " or "
          + DeferArguments.SCHEDULE_ENV + ")", ExitCodes.USAGE);
    }
    return schedule;
  }
}
