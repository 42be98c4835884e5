package dev.ferry.manifest.index;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dbt artifact's {@code metadata.dbt_schema_version}, such as
 * {@code https://schemas.getdbt.com/dbt/manifest/v12.json}: which artifact (manifest, run-results,
 * catalog, sources …) and which version of its schema.
 */
record SchemaVersion(String artifact, int version) {

  private static final Pattern URL = Pattern.compile("/dbt/([A-Za-z0-9_-]+)/v([0-9]{1,9})\\.json$");

  /** The artifact and version named by {@code url}, or empty when it is not a dbt schema URL. */
  static Optional<SchemaVersion> parse(String url) {
    Matcher m = URL.matcher(url.strip());
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(new SchemaVersion(m.group(1), Integer.parseInt(m.group(2))));
  }

  boolean isManifest() {
    return artifact.equals("manifest");
  }

  /** The artifact as its file is named: {@code run-results} is written to {@code run_results.json}. */
  String fileKind() {
    return artifact.replace('-', '_');
  }
}
