package dev.ferry.cli.dbt;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A production manifest on this machine, ready for {@code dbt --state}: its folder and the run that wrote it.
 *
 * @param stateDir folder holding {@code manifest.json}
 * @param etag the server's ETag of the bytes (their SHA-256)
 * @param fetchedAt when the server last confirmed it
 */
public record CachedManifest(Path stateDir, String etag, String runId, String gitSha, Instant finishedAt,
    String dbtVersion, Instant fetchedAt) {}
