package dev.ferry.manifest.index;

import dev.ferry.events.RunStatus;
import dev.ferry.events.ScheduleKey;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/**
 * One manifest in a schedule's history: the run that wrote it, where its bytes are stored and what
 * the streaming scan found in them.
 *
 * @param attempt the run's attempt that wrote it; a retry of the run replaces the manifest of an earlier attempt
 * @param sha256 lower-case hex SHA-256 of the uncompressed manifest; served as its ETag
 * @param contentLength size of the uncompressed manifest in bytes
 * @param storedUri where the bytes are, as {@code s3://bucket/key}
 * @param storedBytes size of the stored object, which is compressed when {@code encoding} is not identity
 * @param encoding {@code identity} or {@code gzip}
 * @param schemaVersion dbt's manifest schema version (12 for {@code manifest/v12.json}), or null if unknown
 */
public record IndexedManifest(
    ScheduleKey schedule,
    String runId,
    int attempt,
    RunStatus runStatus,
    Instant finishedAt,
    String gitSha,
    String dbtVersion,
    Integer schemaVersion,
    Instant generatedAt,
    String projectName,
    Map<String, Long> nodeCounts,
    String sha256,
    Long contentLength,
    String storedUri,
    long storedBytes,
    String encoding,
    Instant indexedAt) {

  /** Newest first: later finish first; among runs that finished at the same instant, the larger run id, so every replica agrees. */
  static final Comparator<IndexedManifest> NEWEST_FIRST =
      Comparator.comparing(IndexedManifest::finishedAt).thenComparing(IndexedManifest::runId).reversed();

  public IndexedManifest {
    nodeCounts = nodeCounts == null ? Map.of() : Map.copyOf(nodeCounts);
  }

  public boolean succeeded() {
    return runStatus == RunStatus.SUCCEEDED;
  }

  /** The record key in {@code ferry.manifests}: {@code workspace/schedule/run-id}. */
  public String recordKey() {
    return schedule + "/" + runId;
  }
}
