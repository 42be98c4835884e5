package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AgesTest {

  @Test
  void saysDurationsAsPeopleDo() {
    assertThat(Ages.describe(Duration.ofSeconds(42))).isEqualTo("42 s");
    assertThat(Ages.describe(Duration.ofMinutes(3).plusSeconds(59))).isEqualTo("3 min");
    assertThat(Ages.describe(Duration.ofHours(5))).isEqualTo("5 h");
    assertThat(Ages.describe(Duration.ofDays(3))).isEqualTo("3 days");
    assertThat(Ages.describe(Duration.ofSeconds(-5))).isEqualTo("0 s");
  }

  @Test
  void saysAgesCompactlyInTwoUnits() {
    assertThat(Ages.compact(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(Ages.compact(Duration.ofMinutes(12).plusSeconds(5))).isEqualTo("12m 5s");
    assertThat(Ages.compact(Duration.ofHours(3).plusMinutes(12).plusSeconds(40))).isEqualTo("3h 12m");
    assertThat(Ages.compact(Duration.ofHours(6))).isEqualTo("6h");
    assertThat(Ages.compact(Duration.ofDays(2).plusHours(3))).isEqualTo("2d 3h");
  }

  @Test
  void readsDurationsAsWrittenOnACommandLine() {
    assertThat(Ages.parse("90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Ages.parse("6h")).isEqualTo(Duration.ofHours(6));
    assertThat(Ages.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Ages.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Ages.parse("PT6H")).isEqualTo(Duration.ofHours(6));
    assertThat(Ages.parse("P1D")).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void refusesWhatIsNotAPositiveDuration() {
    for (String bad : new String[] {"", "6", "h", "6x", "6h x", "-6h", "0m", "PT-1H", "Pnope"}) {
      assertThatThrownBy(() -> Ages.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
