package dev.ferry.manifest.wire;

import dev.ferry.events.ArtifactRef;
import dev.ferry.events.ManifestPointer;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.ScheduleKey;
import dev.ferry.manifest.index.IndexedManifest;
import dev.ferry.manifest.index.ManifestFacts;
import dev.ferry.manifest.store.ManifestStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The manifest service's one place where generated Avro events meet its own records. */
public final class EventMapper {

  static final String MANIFEST = "manifest.json";

  private EventMapper() {}

  /** The manifest a completed run stored, if it stored one (a run of any status may have). */
  public static Optional<ArtifactRef> manifestOf(RunCompleted run) {
    return run.getArtifacts().stream().filter(a -> a.getName().equals(MANIFEST)).findFirst();
  }

  /** The history entry of a run's manifest, once its bytes were read and checked. */
  public static IndexedManifest indexed(RunCompleted run, ArtifactRef manifest, ManifestFacts facts, Instant now) {
    String dbtVersion = facts.dbtVersion() != null ? facts.dbtVersion() : run.getDbtVersion();
    return new IndexedManifest(new ScheduleKey(run.getWorkspace(), run.getSchedule()), run.getRunId(), run.getAttempt(),
        run.getStatus(),
        run.getFinishedAt(), run.getGitSha(), dbtVersion, facts.schemaVersion(), facts.generatedAt(),
        facts.projectName(), facts.nodeCounts(), facts.sha256(), facts.sizeBytes(), manifest.getUri(),
        manifest.getSizeBytes(), manifest.getEncoding(), now);
  }

  /** The history entry a record of {@code ferry.manifests} holds (v1 records lack the scan's facts). */
  public static IndexedManifest indexed(ManifestPointer pointer) {
    ArtifactRef manifest = pointer.getManifest();
    Long contentLength = pointer.getContentLength() != null ? pointer.getContentLength()
        : ManifestStore.IDENTITY.equals(manifest.getEncoding()) ? Long.valueOf(manifest.getSizeBytes()) : null;
    return new IndexedManifest(new ScheduleKey(pointer.getWorkspace(), pointer.getSchedule()), pointer.getRunId(),
        pointer.getAttempt(), pointer.getRunStatus(), pointer.getFinishedAt(), pointer.getGitSha(), pointer.getDbtVersion(),
        pointer.getSchemaVersion(), pointer.getGeneratedAt(), pointer.getProjectName(), pointer.getNodeCounts(),
        manifest.getSha256(), contentLength, manifest.getUri(), manifest.getSizeBytes(), manifest.getEncoding(),
        pointer.getIndexedAt());
  }

  public static ManifestPointer pointer(IndexedManifest manifest) {
    return ManifestPointer.newBuilder()
        .setWorkspace(manifest.schedule().workspace())
        .setSchedule(manifest.schedule().schedule())
        .setRunId(manifest.runId())
        .setAttempt(manifest.attempt())
        .setRunStatus(manifest.runStatus())
        .setFinishedAt(manifest.finishedAt())
        .setGitSha(manifest.gitSha())
        .setDbtVersion(manifest.dbtVersion())
        .setManifest(new ArtifactRef(MANIFEST, manifest.storedUri(), manifest.storedBytes(), manifest.encoding(),
            manifest.sha256()))
        .setIndexedAt(manifest.indexedAt())
        .setContentLength(manifest.contentLength())
        .setSchemaVersion(manifest.schemaVersion())
        .setGeneratedAt(manifest.generatedAt())
        .setProjectName(manifest.projectName())
        .setNodeCounts(Map.copyOf(manifest.nodeCounts()))
        .build();
  }
}
