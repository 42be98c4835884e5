package dev.ferry.manifest.index;

import java.time.Instant;
import java.util.Map;

/** TEMPORARY stand-in; replaced by the scanner branch's record of the same shape. */
public record ManifestFacts(String sha256, long sizeBytes, int schemaVersion, String dbtVersion, Instant generatedAt,
    String projectName, String projectId, Map<String, Long> nodeCounts) {}
