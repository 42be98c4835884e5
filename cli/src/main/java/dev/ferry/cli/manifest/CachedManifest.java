package dev.ferry.cli.manifest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A production manifest on this machine, ready for {@code dbt --state}: its folder and what the
 * server said of the run that wrote it. Any field but {@code stateDir} and {@code etag} may be null
 * when the server did not say (older servers send fewer headers).
 *
 * @param stateDir folder holding {@code manifest.json}
 * @param etag the server's ETag of the bytes (their SHA-256)
 * @param runStatus SUCCEEDED, FAILED, …
 * @param schemaVersion the manifest's schema version (12 for {@code manifest/v12.json})
 * @param generatedAt when dbt wrote the manifest
 * @param fetchedAt when the server last confirmed it
 */
public record CachedManifest(Path stateDir, String etag, String runId, String runStatus, String gitSha,
    Instant finishedAt, String dbtVersion, Integer schemaVersion, Instant generatedAt, Instant fetchedAt) {

  /** How long ago the run finished, or null when unknown. */
  public Duration age(Instant now) {
    return finishedAt == null ? null : Duration.between(finishedAt, now);
  }

  public Path manifestFile() {
    return stateDir.resolve(ManifestCache.MANIFEST);
  }

  /** The same manifest, now in {@code dir}. */
  CachedManifest in(Path dir) {
    return new CachedManifest(dir, etag, runId, runStatus, gitSha, finishedAt, dbtVersion, schemaVersion, generatedAt,
        fetchedAt);
  }
}
