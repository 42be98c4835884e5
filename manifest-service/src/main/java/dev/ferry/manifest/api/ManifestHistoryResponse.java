package dev.ferry.manifest.api;

import java.util.List;

/** A schedule's manifests, newest first ({@code .../manifests}). */
record ManifestHistoryResponse(String workspace, String schedule, List<ManifestMetadata> manifests) {}
