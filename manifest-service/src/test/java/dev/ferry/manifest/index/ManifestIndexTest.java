package dev.ferry.manifest.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.events.RunStatus;
import dev.ferry.events.ScheduleKey;
import dev.ferry.manifest.index.ManifestQuery.StatusFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ManifestIndexTest {

  private static final ScheduleKey NIGHTLY = new ScheduleKey("default", "nightly");
  private static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");

  private final ManifestIndex index = new ManifestIndex();

  @Test
  void theNewestSuccessfulRunIsTheTargetWhateverOrderRunsArriveIn() {
    IndexedManifest older = manifest("run-1", RunStatus.SUCCEEDED, 0, "aaaaaaa1");
    IndexedManifest newer = manifest("run-2", RunStatus.SUCCEEDED, 60, "bbbbbbb2");
    IndexedManifest failed = manifest("run-3", RunStatus.FAILED, 120, "ccccccc3");

    index.add(newer);
    index.add(failed);
    index.add(older);

    assertThat(index.latest(NIGHTLY)).contains(newer);
    assertThat(index.find(NIGHTLY, query(StatusFilter.ANY, null, null, null))).contains(failed);
    assertThat(index.history(NIGHTLY, StatusFilter.ANY, 10)).containsExactly(failed, newer, older);
    assertThat(index.history(NIGHTLY, StatusFilter.SUCCEEDED, 1)).containsExactly(newer);
  }

  @Test
  void aDuplicateRunChangesNothing() {
    IndexedManifest first = manifest("run-1", RunStatus.SUCCEEDED, 0, "aaaaaaa1");
    IndexedManifest replayed = manifest("run-1", RunStatus.SUCCEEDED, 3600, "aaaaaaa1");

    assertThat(index.add(first)).isTrue();
    assertThat(index.add(replayed)).isFalse();
    assertThat(index.latest(NIGHTLY)).contains(first);
    assertThat(index.history(NIGHTLY, StatusFilter.ANY, 10)).hasSize(1);
  }

  @Test
  void aRetryReplacesTheManifestOfTheEarlierAttemptAndBecomesTheTarget() {
    IndexedManifest target = manifest("run-0", RunStatus.SUCCEEDED, 0, "aaaaaaa0");
    IndexedManifest failedFirst = manifest("run-1", 1, RunStatus.FAILED, 60, "aaaaaaa1");
    IndexedManifest retried = manifest("run-1", 2, RunStatus.SUCCEEDED, 300, "aaaaaaa1");
    index.add(target);
    index.add(failedFirst);

    assertThat(index.contains(NIGHTLY, "run-1", 1)).isTrue();
    assertThat(index.contains(NIGHTLY, "run-1", 2)).isFalse();
    assertThat(index.add(retried)).isTrue();

    assertThat(index.latest(NIGHTLY)).contains(retried);
    assertThat(index.history(NIGHTLY, StatusFilter.ANY, 10)).containsExactly(retried, target);
    assertThat(index.add(failedFirst)).as("a late redelivery of the first attempt").isFalse();
    assertThat(index.find(NIGHTLY, query(StatusFilter.ANY, "run-1", null, null))).contains(retried);
  }

  @Test
  void runsFinishingAtTheSameInstantAreOrderedByRunIdSoEveryReplicaAgrees() {
    IndexedManifest a = manifest("run-a", RunStatus.SUCCEEDED, 0, "aaaaaaa1");
    IndexedManifest b = manifest("run-b", RunStatus.SUCCEEDED, 0, "aaaaaaa1");
    index.add(b);
    index.add(a);
    assertThat(index.latest(NIGHTLY)).contains(b);
  }

  @Test
  void pinsByRunGitShaPrefixAndInstant() {
    IndexedManifest monday = manifest("run-1", RunStatus.SUCCEEDED, 0, "aaaaaaa1ffff");
    IndexedManifest tuesday = manifest("run-2", RunStatus.FAILED, 86_400, "bbbbbbb2ffff");
    IndexedManifest wednesday = manifest("run-3", RunStatus.SUCCEEDED, 2 * 86_400, "bbbbbbb2ffff");
    List.of(monday, tuesday, wednesday).forEach(index::add);

    assertThat(index.find(NIGHTLY, query(null, "run-2", null, null))).as("a run pin ignores status").contains(tuesday);
    assertThat(index.find(NIGHTLY, query(null, null, "BBBBBBB", null))).contains(wednesday);
    assertThat(index.find(NIGHTLY, query(null, null, "aaaaaaa1f", null))).contains(monday);
    assertThat(index.find(NIGHTLY, query(null, null, null, T0.plusSeconds(86_400 + 10)))).contains(monday);
    assertThat(index.find(NIGHTLY, query(StatusFilter.ANY, null, null, T0.plusSeconds(86_400)))).contains(tuesday);
    assertThat(index.find(NIGHTLY, query(null, null, null, T0.minusSeconds(1)))).isEmpty();
    assertThat(index.find(new ScheduleKey("default", "hourly"), ManifestQuery.LATEST)).isEmpty();
  }

  @Test
  void historyBeyondTheLimitNeverIncludesTheDeferTarget() {
    IndexedManifest target = manifest("run-0", RunStatus.SUCCEEDED, 0, "aaaaaaa1");
    index.add(target);
    List<IndexedManifest> failures = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      failures.add(manifest("run-" + i, RunStatus.FAILED, i * 60L, "aaaaaaa1"));
      index.add(failures.getLast());
    }

    assertThat(index.beyond(NIGHTLY, 3)).containsExactly(failures.get(0), failures.get(1));
    assertThat(index.wouldFallBeyond(NIGHTLY, "run-9", T0.plusSeconds(30), false, 3)).isTrue();
    assertThat(index.wouldFallBeyond(NIGHTLY, "run-9", T0.plusSeconds(30), true, 3))
        .as("a successful run newer than the target becomes the target").isFalse();
    assertThat(index.wouldFallBeyond(NIGHTLY, "run-9", T0.plusSeconds(270), false, 3)).isFalse();
    index.remove(NIGHTLY, "run-1");
    assertThat(index.find(NIGHTLY, query(null, "run-1", null, null))).isEmpty();
    assertThat(index.beyond(NIGHTLY, 10)).isEmpty();
  }

  @Test
  void aQueryRefusesTwoPinsAndBadValues() {
    assertThatThrownBy(() -> query(null, "run-1", "aaaaaaa", null)).hasMessageContaining("at most one");
    assertThatThrownBy(() -> query(null, null, "abc", null)).hasMessageContaining("hex");
    assertThatThrownBy(() -> query(null, "../x", null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusFilter.parse("failed")).hasMessageContaining("'succeeded' or 'any'");
    assertThat(StatusFilter.parse(null)).isEqualTo(StatusFilter.SUCCEEDED);
  }

  private static ManifestQuery query(StatusFilter status, String runId, String gitSha, Instant at) {
    return new ManifestQuery(status, runId, gitSha, at);
  }

  private static IndexedManifest manifest(String runId, RunStatus status, long finishedAfterSeconds, String gitSha) {
    return manifest(runId, 1, status, finishedAfterSeconds, gitSha);
  }

  private static IndexedManifest manifest(String runId, int attempt, RunStatus status, long finishedAfterSeconds,
      String gitSha) {
    return new IndexedManifest(NIGHTLY, runId, attempt, status, T0.plusSeconds(finishedAfterSeconds), gitSha, "1.11.16", 12,
        T0, "jaffle_shop", Map.of("model", 8L), "ab".repeat(32), 1000L, "s3://b/k/" + runId, 100, "gzip", T0);
  }
}
