package dev.ferry.scheduler.suspend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SuspensionsTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final String KEY = "default/nightly";

  private final Suspensions suspensions = new Suspensions();

  @Test
  void aSuspensionHoldsUntilItsUntilAndATickDueThenFires() {
    suspensions.apply(KEY, suspension(T0.plusSeconds(3600)), 0);

    assertThat(suspensions.isSuspended("default", "nightly", T0.plusSeconds(3599))).isTrue();
    assertThat(suspensions.isSuspended("default", "nightly", T0.plusSeconds(3600))).isFalse();
    assertThat(suspensions.find("default", "nightly", T0.plusSeconds(7200))).isEmpty();
    assertThat(suspensions.isSuspended("default", "hourly", T0)).isFalse();
  }

  @Test
  void theReplayBringingAnOlderRecordLaterDoesNotUndoANewerWrite() {
    suspensions.apply(KEY, suspension(null), 4);
    suspensions.apply(KEY, null, 5); // this replica's resume, noted at once

    suspensions.apply(KEY, suspension(null), 4); // the replay catching up with the suspension

    assertThat(suspensions.isSuspended("default", "nightly", T0)).isFalse();
    suspensions.apply(KEY, null, 5);
    suspensions.apply(KEY, suspension(null), 6);
    assertThat(suspensions.isSuspended("default", "nightly", T0)).isTrue();
  }

  private static Suspension suspension(Instant until) {
    return new Suspension("default", "nightly", T0, until, "maintenance", "ana");
  }
}
