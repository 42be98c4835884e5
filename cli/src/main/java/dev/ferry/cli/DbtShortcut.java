package dev.ferry.cli;

import dev.ferry.cli.dbt.DbtCommand;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code ferry dbt …} read without picocli, the command a developer waits for before every dbt run:
 * picocli builds its model of a command by reflection, which is a large part of the JVM's start-up
 * work. The shortcut takes only plain command lines, the way picocli reads them for {@code dbt}: server
 * options ({@code --url X} or {@code --url=X}, …) first, then everything from the first other argument
 * on for dbt. Anything else ({@code --}, an {@code @file}, an option without its value) is left to
 * picocli, so that its parsing and its messages stay the only ones.
 */
final class DbtShortcut {

  private static final List<String> SERVER_OPTIONS = List.of("--url", "--scheduler-url", "--manifest-url", "--token",
      "--workspace");

  private DbtShortcut() {}

  /** The dbt command for {@code args}, or empty when picocli should read them. */
  static Optional<DbtCommand> parse(String[] args, CliContext context) {
    if (args.length == 0 || !args[0].equals("dbt") || Arrays.stream(args).anyMatch(a -> a.equals("--") || a.startsWith("@"))) {
      return Optional.empty();
    }
    ServerOptions servers = new ServerOptions();
    servers.context(context);
    int i = 1;
    while (i < args.length) {
      String arg = args[i];
      int equals = arg.indexOf('=');
      String name = equals > 0 ? arg.substring(0, equals) : arg;
      if (!SERVER_OPTIONS.contains(name)) {
        break;
      }
      String value;
      if (equals > 0) {
        value = arg.substring(equals + 1);
        i++;
      } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
        value = args[i + 1];
        i += 2;
      } else {
        return Optional.empty(); // picocli says what is missing
      }
      if (!servers.set(name, value)) {
        return Optional.empty(); // given twice: picocli's message
      }
    }
    return Optional.of(DbtCommand.of(servers, List.of(args).subList(i, args.length)));
  }
}
