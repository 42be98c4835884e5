package dev.ferry.cli;

import dev.ferry.cli.config.ConfigCommand;
import dev.ferry.cli.config.FerryConfig;
import dev.ferry.cli.dbt.DbtCommand;
import dev.ferry.cli.runs.RunsCommand;
import dev.ferry.cli.schedules.SchedulesCommand;
import dev.ferry.cli.state.StateCommand;
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
    subcommands = {DbtCommand.class, StateCommand.class, RunsCommand.class, SchedulesCommand.class, ConfigCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Start Kafka, the S3 store and all services on this machine with: ferry up",
        "Servers: flags, then FERRY_URL / FERRY_SCHEDULER_URL / FERRY_MANIFEST_URL, FERRY_TOKEN, FERRY_WORKSPACE, then "
            + "~/.config/ferry/config.yml, then " + FerryConfig.DEFAULT_SCHEDULER_URL + " and "
            + FerryConfig.DEFAULT_MANIFEST_URL + " (ferry config show). Exit codes: docs/cli.md."})
public final class Ferry {

  public static void main(String[] args) {
    System.exit(commandLine(CliContext.current()).execute(args));
  }

  /** The command line with Ferry's error handling: one line on stderr and a non-zero exit, never a stack trace. */
  public static CommandLine commandLine(CliContext context) {
    CommandLine commandLine = new CommandLine(new Ferry(), new ContextFactory(context));
    commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
      PrintWriter err = line.getErr();
      if (exception instanceof CliException cli) {
        err.println("ferry: " + cli.getMessage());
        err.flush();
        return cli.exitCode();
      }
      err.println("ferry: " + exception);
      err.flush();
      return ExitCodes.FAILURE;
    });
    CommandLine dbt = commandLine.getSubcommands().get("dbt");
    dbt.setUnmatchedOptionsArePositionalParams(true);
    dbt.setStopAtPositional(true);
    return commandLine;
  }

  /** Creates commands and mixins the usual way and hands the context to those that want it. */
  private record ContextFactory(CliContext context) implements CommandLine.IFactory {

    @Override
    public <K> K create(Class<K> type) throws Exception {
      K created = CommandLine.defaultFactory().create(type);
      if (created instanceof CliContext.Aware aware) {
        aware.context(context);
      }
      return created;
    }
  }
}
