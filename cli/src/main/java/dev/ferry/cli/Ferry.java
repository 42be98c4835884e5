package dev.ferry.cli;

import dev.ferry.cli.config.ConfigCommand;
import dev.ferry.cli.config.FerryConfig;
import dev.ferry.cli.dbt.DbtCommand;
import dev.ferry.cli.runs.RunsCommand;
import dev.ferry.cli.schedules.SchedulesCommand;
import dev.ferry.cli.state.StateCommand;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ferry} command. */
@Command(
    name = "ferry",
    mixinStandardHelpOptions = true,
    versionProvider = FerryVersion.class,
    description = {
        "Production scheduling for dbt, and development that defers to fresh production state.", ""},
    footer = {"", "Start Kafka, the S3 store and all services on this machine with: ferry up",
        "Servers: flags, then FERRY_URL / FERRY_SCHEDULER_URL / FERRY_MANIFEST_URL, FERRY_TOKEN, FERRY_WORKSPACE, then "
            + "~/.config/ferry/config.yml, then " + FerryConfig.DEFAULT_SCHEDULER_URL + " and "
            + FerryConfig.DEFAULT_MANIFEST_URL + " (ferry config show). Exit codes: docs/cli.md."})
public final class Ferry {

  /**
   * The subcommands by name, in the order of the help. Not in {@code @Command(subcommands = …)}: picocli
   * would build the model of every one of them, by reflection, at every start (a quarter of a second of
   * {@code ferry dbt}'s start-up before dbt runs), where a command line needs only the one it names.
   */
  private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  public static void main(String[] args) {
    System.exit(execute(CliContext.current(), writer(System.out, "stdout.encoding"), writer(System.err, "stderr.encoding"),
        args));
  }

  /** What picocli would write with: the stream in the encoding the JVM chose for it. */
  private static PrintWriter writer(PrintStream stream, String encodingProperty) {
    String encoding = System.getProperty(encodingProperty);
    Charset charset = encoding != null && Charset.isSupported(encoding) ? Charset.forName(encoding) : Charset.defaultCharset();
    return new PrintWriter(new OutputStreamWriter(stream, charset), true);
  }

  /** Runs {@code ferry args}; returns the exit code. */
  public static int execute(CliContext context, PrintWriter out, PrintWriter err, String... args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      for (String line : new FerryVersion().getVersion()) { // as picocli prints it, without building its model
        out.println(line);
      }
      out.flush();
      return 0;
    }
    Optional<DbtCommand> dbt = DbtShortcut.parse(args, context);
    if (dbt.isPresent()) {
      try {
        return dbt.get().run(err);
      } catch (RuntimeException e) {
        return failed(e, err);
      }
    }
    CommandLine commandLine = commandLine(context, args);
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine.execute(args);
  }

  /** The command line with every subcommand and Ferry's error handling (for help and tests). */
  public static CommandLine commandLine(CliContext context) {
    return commandLine(context, SUBCOMMANDS.values());
  }

  /**
   * The command line for {@code args}: with only the subcommand that {@code args[0]} names, or with none
   * for {@code --version}, else with all of them (help, a mistyped name and its suggestions).
   */
  public static CommandLine commandLine(CliContext context, String[] args) {
    String first = args.length == 0 ? "" : args[0];
    Class<?> named = first.equals("help") ? null : SUBCOMMANDS.get(first);
    if (named != null) {
      return commandLine(context, List.of(named));
    }
    return commandLine(context, first.equals("--version") || first.equals("-V") ? List.of() : SUBCOMMANDS.values());
  }

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> subcommands = new LinkedHashMap<>();
    subcommands.put("dbt", DbtCommand.class);
    subcommands.put("state", StateCommand.class);
    subcommands.put("runs", RunsCommand.class);
    subcommands.put("schedules", SchedulesCommand.class);
    subcommands.put("config", ConfigCommand.class);
    subcommands.put("help", CommandLine.HelpCommand.class);
    return subcommands;
  }

  /** Ferry's error handling: one line on stderr and a non-zero exit, never a stack trace. */
  private static CommandLine commandLine(CliContext context, Collection<Class<?>> subcommands) {
    CommandLine commandLine = new CommandLine(new Ferry(), new ContextFactory(context));
    for (Class<?> subcommand : subcommands) {
      commandLine.addSubcommand(subcommand);
    }
    commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> failed(exception, line.getErr()));
    CommandLine dbt = commandLine.getSubcommands().get("dbt");
    if (dbt != null) {
      dbt.setUnmatchedOptionsArePositionalParams(true);
      dbt.setStopAtPositional(true);
    }
    return commandLine;
  }

  /** One line on stderr, never a stack trace; the exit code of the failure. */
  private static int failed(Exception exception, PrintWriter err) {
    if (exception instanceof CliException cli) {
      err.println("ferry: " + cli.getMessage());
      err.flush();
      return cli.exitCode();
    }
    err.println("ferry: " + exception);
    err.flush();
    return ExitCodes.FAILURE;
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
