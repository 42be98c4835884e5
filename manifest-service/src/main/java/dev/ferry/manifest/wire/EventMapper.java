package dev.ferry.manifest.wire;

import dev.ferry.events.ArtifactRef;
import dev.ferry.events.ManifestPointer;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.ScheduleKey;
import dev.ferry.manifest.index.DeferTarget;
import java.time.Instant;
import java.util.Optional;

/** The manifest service's one place where generated Avro events meet its own records. */
public final class EventMapper {

  static final String MANIFEST = "manifest.json";

  private EventMapper() {}

  /**
   * The defer target a completed run offers: only a SUCCEEDED run that stored a manifest
   * (DESIGN.md, "Defer semantics"); empty for any other.
   */
  public static Optional<DeferTarget> candidate(RunCompleted run, Instant now) {
    if (run.getStatus() != RunStatus.SUCCEEDED) {
      return Optional.empty();
    }
    return run.getArtifacts().stream()
        .filter(a -> a.getName().equals(MANIFEST))
        .findFirst()
        .map(manifest -> new DeferTarget(new ScheduleKey(run.getWorkspace(), run.getSchedule()), run.getRunId(),
            run.getStatus(), run.getFinishedAt(), run.getGitSha(), run.getDbtVersion(), manifest.getUri(),
            manifest.getSizeBytes(), manifest.getSha256(), now));
  }

  public static DeferTarget target(ManifestPointer pointer) {
    ArtifactRef manifest = pointer.getManifest();
    return new DeferTarget(new ScheduleKey(pointer.getWorkspace(), pointer.getSchedule()), pointer.getRunId(),
        pointer.getRunStatus(), pointer.getFinishedAt(), pointer.getGitSha(), pointer.getDbtVersion(),
        manifest.getUri(), manifest.getSizeBytes(), manifest.getSha256(), pointer.getIndexedAt());
  }

  public static ManifestPointer pointer(DeferTarget target) {
    return ManifestPointer.newBuilder()
        .setWorkspace(target.schedule().workspace())
        .setSchedule(target.schedule().schedule())
        .setRunId(target.runId())
        .setRunStatus(target.runStatus())
        .setFinishedAt(target.finishedAt())
        .setGitSha(target.gitSha())
        .setDbtVersion(target.dbtVersion())
        .setManifest(new ArtifactRef(MANIFEST, target.manifestUri(), target.sizeBytes(), "identity", target.sha256()))
        .setIndexedAt(target.indexedAt())
        .build();
  }
}
