package dev.ferry.manifest.api;

import dev.ferry.manifest.index.IndexedManifest;
import java.time.Instant;
import java.util.Map;

/**
 * What the API says of one indexed manifest ({@code .../manifest/metadata} and each entry of
 * {@code .../manifests}).
 *
 * @param attempt the attempt of the run that wrote it (a retry replaces an earlier attempt's manifest)
 * @param sizeBytes size of the uncompressed manifest, or null when an old index entry does not know it
 * @param storedBytes size of the stored object, compressed when {@code encoding} is not identity
 */
record ManifestMetadata(String workspace, String schedule, String runId, int attempt, String runStatus, Instant finishedAt,
    String gitSha, String dbtVersion, Integer schemaVersion, Instant generatedAt, String projectName,
    Map<String, Long> nodeCounts, Long sizeBytes, String sha256, String uri, long storedBytes, String encoding,
    Instant indexedAt) {

  static ManifestMetadata of(IndexedManifest m) {
    return new ManifestMetadata(m.schedule().workspace(), m.schedule().schedule(), m.runId(), m.attempt(),
        m.runStatus().name(),
        m.finishedAt(), m.gitSha(), m.dbtVersion(), m.schemaVersion(), m.generatedAt(), m.projectName(),
        m.nodeCounts(), m.contentLength(), m.sha256(), m.storedUri(), m.storedBytes(), m.encoding(), m.indexedAt());
  }
}
