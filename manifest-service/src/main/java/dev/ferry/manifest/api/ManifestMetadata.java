package dev.ferry.manifest.api;

import dev.ferry.manifest.index.DeferTarget;
import java.time.Instant;

/** What {@code .../manifest/metadata} says of a schedule's defer target. */
record ManifestMetadata(String workspace, String schedule, String runId, String runStatus, Instant finishedAt,
    String gitSha, String dbtVersion, long sizeBytes, String sha256, String uri, Instant indexedAt) {

  static ManifestMetadata of(DeferTarget target) {
    return new ManifestMetadata(target.schedule().workspace(), target.schedule().schedule(), target.runId(),
        target.runStatus().name(), target.finishedAt(), target.gitSha(), target.dbtVersion(), target.sizeBytes(),
        target.sha256(), target.manifestUri(), target.indexedAt());
  }
}
