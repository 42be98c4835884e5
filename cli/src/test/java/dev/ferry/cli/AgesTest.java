package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}
