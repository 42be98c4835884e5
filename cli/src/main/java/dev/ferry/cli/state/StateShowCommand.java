package dev.ferry.cli.state;

import dev.ferry.cli.Ages;
import dev.ferry.cli.ServerOptions;
import dev.ferry.cli.api.FerryHttp;
import dev.ferry.cli.api.ManifestApi;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code ferry state show X}: what a schedule defers to, without downloading the manifest. */
@Command(name = "show", description = "Show the manifest a schedule defers to: run, status, git SHA, age, dbt and "
    + "schema versions, project, node counts, size.")
final class StateShowCommand implements Callable<Integer> {

  @Mixin
  ServerOptions servers;

  @Mixin
  DeferTargetOptions target;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SCHEDULE",
      description = "The schedule (default: env FERRY_DEFER_SCHEDULE).")
  String schedule;

  @Option(names = "--json", description = "Print the service's JSON.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    String name = StateCommand.schedule(schedule, servers.context());
    JsonNode meta = new ManifestApi(new FerryHttp(), servers.manifests()).metadata(servers.workspace(), target.query(name));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(meta.toPrettyString());
    } else {
      for (String line : describe(meta, servers.context().clock().instant())) {
        out.println(line);
      }
    }
    out.flush();
    return 0;
  }

  static String[] describe(JsonNode meta, Instant now) {
    String finishedAt = text(meta, "finishedAt");
    String age = "-";
    if (finishedAt != null) {
      try {
        age = Ages.compact(Duration.between(Instant.parse(finishedAt), now)) + " ago";
      } catch (DateTimeException e) {
        age = "-";
      }
    }
    String counts = meta.path("nodeCounts").properties().stream()
        .map(e -> e.getKey() + " " + e.getValue().asString()).collect(Collectors.joining(", "));
    return new String[] {
        row("schedule", text(meta, "workspace") + "/" + text(meta, "schedule")),
        row("run", text(meta, "runId")),
        row("status", text(meta, "runStatus")),
        row("git sha", text(meta, "gitSha")),
        row("finished at", finishedAt == null ? null : finishedAt + " (" + age + ")"),
        row("dbt version", text(meta, "dbtVersion")),
        row("schema", meta.hasNonNull("schemaVersion") ? "v" + meta.get("schemaVersion").asString() : null),
        row("project", text(meta, "projectName")),
        row("nodes", counts.isEmpty() ? null : counts),
        row("size", meta.hasNonNull("sizeBytes") ? size(meta.get("sizeBytes").asLong()) : null),
        row("sha256", text(meta, "sha256"))};
  }

  private static String row(String name, String value) {
    return String.format(Locale.ROOT, "%-12s %s", name, value == null ? "-" : value);
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asString() : null;
  }

  private static String size(long bytes) {
    return bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KB (%d bytes)", bytes / 1024.0, bytes)
        : String.format(Locale.ROOT, "%.1f MB (%d bytes)", bytes / (1024.0 * 1024.0), bytes);
  }
}
