package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The start-up shortcut reads {@code ferry dbt …} as picocli does, and leaves to picocli what it does not take. */
@Tag("unit")
class DbtShortcutTest {

  private final CliContext context = TestContexts.context(Map.of(), Path.of("/tmp"), Path.of("/tmp"),
      Instant.parse("2026-11-25T10:00:00Z"));

  @Test
  void takesServerOptionsFirstAndEverythingAfterThemForDbtLikePicocli() {
    for (String[] args : List.of(
        new String[] {"dbt"},
        new String[] {"dbt", "build", "--select", "state:modified+", "--defer", "--schedule-name", "nightly"},
        new String[] {"dbt", "--manifest-url", "http://m:1", "--token=t", "--workspace", "w", "parse", "--url", "x"},
        new String[] {"dbt", "--url=http://a:1", "--scheduler-url", "http://s:2", "run", "-s", "x"},
        new String[] {"dbt", "--help"},
        new String[] {"dbt", "--version"})) {
      var shortcut = DbtShortcut.parse(args, context).orElseThrow();
      var picocli = Ferry.commandLine(context).parseArgs(args).subcommand().commandSpec().userObject();

      assertThat(describe(shortcut)).as(String.join(" ", args)).isEqualTo(describe(picocli));
    }
  }

  @Test
  void leavesAnythingUnusualToPicocli() {
    for (String[] args : List.of(
        new String[] {"state", "pull"},
        new String[] {"help", "dbt"},
        new String[] {"dbt", "--url"},
        new String[] {"dbt", "--url", "--token", "t", "build"},
        new String[] {"dbt", "--url", "a", "--url", "b", "build"},
        new String[] {"dbt", "--", "build"},
        new String[] {"dbt", "build", "@args.txt"})) {
      assertThat(DbtShortcut.parse(args, context)).as(String.join(" ", args)).isEmpty();
    }
  }

  /** What the command will do: its dbt arguments and the servers, token and workspace it will use. */
  private static String describe(Object command) {
    var dbt = (dev.ferry.cli.dbt.DbtCommand) command;
    ServerOptions servers = servers(dbt);
    return dbt.arguments() + " " + servers.config().rows().stream().map(r -> r[0] + "=" + r[1] + " (" + r[2] + ")").toList();
  }

  private static ServerOptions servers(dev.ferry.cli.dbt.DbtCommand dbt) {
    return dbt.servers();
  }
}
