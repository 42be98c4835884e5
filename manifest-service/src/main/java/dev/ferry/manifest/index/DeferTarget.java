package dev.ferry.manifest.index;

import dev.ferry.events.RunStatus;
import dev.ferry.events.ScheduleKey;
import java.time.Instant;
import java.util.Comparator;

/**
 * The manifest developers of a schedule defer to: which run wrote it, when that run finished,
 * and where its bytes are.
 *
 * @param sha256 lower-case hex SHA-256 of the manifest's bytes; served as its ETag
 */
public record DeferTarget(
    ScheduleKey schedule,
    String runId,
    RunStatus runStatus,
    Instant finishedAt,
    String gitSha,
    String dbtVersion,
    String manifestUri,
    long sizeBytes,
    String sha256,
    Instant indexedAt) {

  /** Later finish wins; among runs that finished at the same instant, the larger run id, so every replica agrees. */
  static final Comparator<DeferTarget> RECENCY =
      Comparator.comparing(DeferTarget::finishedAt).thenComparing(DeferTarget::runId);

  /** Whether this target should replace {@code current} as the schedule's pointer. */
  public boolean isNewerThan(DeferTarget current) {
    return current == null || RECENCY.compare(this, current) > 0;
  }
}
