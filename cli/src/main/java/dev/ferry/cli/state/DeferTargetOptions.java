package dev.ferry.cli.state;

import dev.ferry.cli.manifest.ManifestQuery;
import picocli.CommandLine.Option;

/** The same pins as {@code ferry dbt}: one run, a point in time, any status. */
final class DeferTargetOptions {

  @Option(names = ManifestQuery.DEFER_RUN_ID, paramLabel = "RUN_ID", description = "That run's manifest.")
  String runId;

  @Option(names = ManifestQuery.AS_OF, paramLabel = "TIME",
      description = "The newest run that finished at or before TIME (ISO-8601, e.g. 2026-11-25T10:00:00Z).")
  String asOf;

  @Option(names = ManifestQuery.ANY_STATUS, description = "Runs of any status that produced a manifest.")
  boolean anyStatus;

  ManifestQuery query(String schedule) {
    return new ManifestQuery(schedule, runId, asOf == null ? null : ManifestQuery.parseAsOf(asOf), anyStatus);
  }
}
