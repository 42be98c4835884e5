package dev.ferry.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Tag("unit")
class RunPhaseTest {

  @Test
  void aRequestedRunMayStartOrEndDirectly() {
    assertThat(RunPhase.REQUESTED.canMoveTo(RunPhase.RUNNING)).isTrue();
    assertThat(RunPhase.REQUESTED.canMoveTo(RunPhase.FAILED)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = RunPhase.class, names = {"SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT"})
  void aFinishedRunNeverMovesAgain(RunPhase finished) {
    for (RunPhase next : RunPhase.values()) {
      assertThat(finished.canMoveTo(next)).as("%s -> %s", finished, next).isFalse();
    }
  }

  @Test
  void theWorkersOwnOutcomeReplacesLost() {
    assertThat(RunPhase.LOST.canMoveTo(RunPhase.SUCCEEDED)).isTrue();
    assertThat(RunPhase.LOST.canMoveTo(RunPhase.RUNNING)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(RunStatus.class)
  void everyStatusIsATerminalPhase(RunStatus status) {
    assertThat(RunPhase.of(status).isTerminal()).isTrue();
    assertThat(RunPhase.of(status).name()).isEqualTo(status.name());
  }
}
