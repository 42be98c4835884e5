package dev.ferry.manifest.index;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one pass over a manifest's bytes tells Ferry about it: which bytes they were, which dbt
 * wrote them, and how many resources of each type they describe.
 *
 * @param sha256 lower-case hex SHA-256 of every byte read, trailing whitespace included
 * @param sizeBytes how many bytes were read
 * @param schemaVersion the {@code N} of {@code metadata.dbt_schema_version} {@code .../dbt/manifest/vN.json}
 * @param dbtVersion {@code metadata.dbt_version}, e.g. {@code 1.10.13}
 * @param generatedAt {@code metadata.generated_at}; null when the manifest has none or it is not a
 *     date-time (dbt has always written one, so null means a hand-made or damaged manifest)
 * @param projectName {@code metadata.project_name}; null before dbt 1.6 (schema v10), which did not write it
 * @param projectId {@code metadata.project_id} (dbt's hash of the project name); null when absent
 * @param nodeCounts resources by type: entries of {@code nodes} by their {@code resource_type}, plus
 *     the sizes of {@code sources}, {@code exposures}, {@code metrics}, {@code semantic_models},
 *     {@code saved_queries}, {@code unit_tests} and {@code functions} under their singular type
 *     name; only types with at least one resource appear; sorted by type
 */
public record ManifestFacts(
    String sha256,
    long sizeBytes,
    int schemaVersion,
    String dbtVersion,
    Instant generatedAt,
    String projectName,
    String projectId,
    Map<String, Long> nodeCounts) {

  public ManifestFacts {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(dbtVersion, "dbtVersion");
    nodeCounts = java.util.Collections.unmodifiableMap(new TreeMap<>(nodeCounts));
  }

  /** How many resources of {@code resourceType} (e.g. {@code model}) the manifest holds; 0 when none. */
  public long count(String resourceType) {
    return nodeCounts.getOrDefault(resourceType, 0L);
  }
}
