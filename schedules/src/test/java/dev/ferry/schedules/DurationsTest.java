package dev.ferry.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DurationsTest {

  @Test
  void readsUnitsLargestFirst() {
    assertThat(Durations.parse("90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("1d12h30m15s")).isEqualTo(Duration.parse("P1DT12H30M15S"));
    assertThat(Durations.parse("0s")).isZero();
  }

  @Test
  void refusesOtherForms() {
    for (String bad : new String[] {"", "90", "m", "1.5h", "30m1h", "PT1H", "1 h", "-1h", "1w"}) {
      assertThatThrownBy(() -> Durations.parse(bad)).as(bad).hasMessageContaining("is not a duration");
    }
  }

  @Test
  void formatsWhatItReadsBack() {
    for (String text : new String[] {"90s", "1h30m", "2h", "1d", "0s", "1d1h1m1s"}) {
      assertThat(Durations.parse(Durations.format(Durations.parse(text)))).isEqualTo(Durations.parse(text));
    }
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
  }
}
