package dev.ferry.manifest.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.events.RunStatus;
import dev.ferry.events.ScheduleKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DeferTargetsTest {

  private static final ScheduleKey NIGHTLY = new ScheduleKey("default", "nightly");
  private static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");

  private final DeferTargets targets = new DeferTargets();

  @Test
  void latestFinishedRunWins() {
    targets.offer(target("11111111-1111-4111-8111-111111111111", T0));
    targets.offer(target("22222222-2222-4222-8222-222222222222", T0.plusSeconds(3600)));

    assertThat(targets.find(NIGHTLY)).get().extracting(DeferTarget::runId).isEqualTo("22222222-2222-4222-8222-222222222222");
  }

  @Test
  void olderRunNeverReplacesNewerPointer() {
    targets.offer(target("22222222-2222-4222-8222-222222222222", T0.plusSeconds(3600)));

    boolean replaced = targets.offer(target("11111111-1111-4111-8111-111111111111", T0));

    assertThat(replaced).isFalse();
    assertThat(targets.find(NIGHTLY)).get().extracting(DeferTarget::runId).isEqualTo("22222222-2222-4222-8222-222222222222");
  }

  @Test
  void aDuplicateChangesNothing() {
    DeferTarget target = target("11111111-1111-4111-8111-111111111111", T0);
    targets.offer(target);

    assertThat(targets.offer(target)).isFalse();
  }

  @Test
  void runsFinishingAtTheSameInstantAreOrderedByRunIdSoEveryReplicaAgrees() {
    DeferTarget a = target("11111111-1111-4111-8111-111111111111", T0);
    DeferTarget b = target("22222222-2222-4222-8222-222222222222", T0);

    assertThat(b.isNewerThan(a)).isTrue();
    assertThat(a.isNewerThan(b)).isFalse();
  }

  @Test
  void announcesEachScheduleOnceWhenItGetsItsFirstTarget() {
    List<ScheduleKey> announced = new ArrayList<>();
    targets.onNewSchedule(announced::add);

    targets.offer(target("11111111-1111-4111-8111-111111111111", T0));
    targets.offer(target("22222222-2222-4222-8222-222222222222", T0.plusSeconds(1)));

    assertThat(announced).containsExactly(NIGHTLY);
  }

  private static DeferTarget target(String runId, Instant finishedAt) {
    return new DeferTarget(NIGHTLY, runId, RunStatus.SUCCEEDED, finishedAt, "abc", "1.11.16",
        "s3://b/ferry/default/nightly/" + runId + "/manifest.json", 10, "00".repeat(32), finishedAt.plusSeconds(1));
  }
}
