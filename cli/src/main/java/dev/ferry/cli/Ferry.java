package dev.ferry.cli;

import dev.ferry.cli.dbt.DbtCommand;
import dev.ferry.cli.runs.RunsCommand;
import dev.ferry.cli.schedules.SchedulesCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ferry} command. */
@Command(
    name = "ferry",
    mixinStandardHelpOptions = true,
    versionProvider = FerryVersion.class,
    description = {
        "Production scheduling for dbt, and development that defers to fresh production state.", ""},
    subcommands = {DbtCommand.class, RunsCommand.class, SchedulesCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Start Kafka, the S3 store and all services on this machine with: ferry up",
        "Servers: FERRY_SCHEDULER_URL (default " + ServerOptions.DEFAULT_SCHEDULER_URL + "), FERRY_MANIFEST_URL (default "
            + ServerOptions.DEFAULT_MANIFEST_URL + "), FERRY_WORKSPACE (default default)."})
public final class Ferry {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with Ferry's error handling: one line on stderr and a non-zero exit, never a stack trace. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Ferry());
    commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
      PrintWriter err = line.getErr();
      if (exception instanceof CliException cli) {
        err.println("ferry: " + cli.getMessage());
        err.flush();
        return cli.exitCode();
      }
      err.println("ferry: " + exception);
      err.flush();
      return 1;
    });
    CommandLine dbt = commandLine.getSubcommands().get("dbt");
    dbt.setUnmatchedOptionsArePositionalParams(true);
    dbt.setStopAtPositional(true);
    return commandLine;
  }
}
