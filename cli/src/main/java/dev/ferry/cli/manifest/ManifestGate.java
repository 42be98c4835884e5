package dev.ferry.cli.manifest;

import dev.ferry.cli.Ages;
import dev.ferry.cli.CliException;
import dev.ferry.cli.ExitCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * What must hold before dbt is pointed at a production manifest: it is no older than asked
 * ({@code --max-age}), and the local dbt can read its schema. A dbt of another minor version than
 * production's is allowed, with a warning.
 */
public final class ManifestGate {

  private ManifestGate() {}

  /** Refuses a manifest whose run finished longer ago than {@code maxAge} (null: any age will do). */
  public static void requireFresh(CachedManifest manifest, Duration maxAge, Instant now) {
    if (maxAge == null) {
      return;
    }
    Duration age = manifest.age(now);
    if (age == null) {
      throw new CliException("the manifest of run " + manifest.runId() + " has no known finish time, so it cannot "
          + "be shown to be younger than --max-age " + Ages.compact(maxAge), ExitCodes.MANIFEST_TOO_OLD);
    }
    if (age.compareTo(maxAge) > 0) {
      throw new CliException("the manifest of run " + manifest.runId() + " is " + Ages.compact(age) + " old "
          + "(finished " + manifest.finishedAt() + "), older than --max-age " + Ages.compact(maxAge)
          + "; trigger a run (ferry runs trigger) or allow an older one", ExitCodes.MANIFEST_TOO_OLD);
    }
  }

  /**
   * Refuses a manifest whose schema is newer than the local dbt reads; returns the warnings to print.
   * Nothing is checked for what is unknown (no local version, no headers from the server).
   *
   * @param local the local dbt-core, or null when unknown
   */
  public static List<String> checkReadable(CachedManifest manifest, DbtVersion local) {
    List<String> warnings = new ArrayList<>();
    if (local == null) {
      return warnings;
    }
    Integer schema = manifest.schemaVersion();
    OptionalInt readable = local.newestSchemaRead();
    if (schema != null && readable.isPresent() && schema > readable.getAsInt()) {
      throw new CliException("the manifest of run " + manifest.runId() + " is schema v" + schema
          + (manifest.dbtVersion() == null ? "" : " (written by dbt " + manifest.dbtVersion() + ")")
          + ", newer than the local dbt " + local + " reads (v" + readable.getAsInt() + "); upgrade dbt to "
          + DbtVersion.oldestReading(schema) + " or later, or pin an older run with " + ManifestQuery.DEFER_RUN_ID,
          ExitCodes.DBT_TOO_OLD);
    }
    DbtVersion production = DbtVersion.parse(manifest.dbtVersion());
    if (production != null && !production.sameMinorAs(local)) {
      warnings.add("warning: the local dbt is " + local + " but production wrote this manifest with dbt "
          + production + "; a known source of state:modified false positives after upgrades");
    }
    return warnings;
  }
}
