package dev.ferry.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DbtCommandLineTest {

  @Test
  void splitsOnWhitespaceAndDropsTheLeadingDbt() {
    assertThat(DbtCommandLine.split("dbt  run --select tag:hourly")).containsExactly("run", "--select", "tag:hourly");
  }

  @Test
  void keepsQuotedWordsTogetherWithoutInterpretingThem() {
    assertThat(DbtCommandLine.split("dbt run --vars '{\"day\": \"$(date)\"}' --select \"a b\""))
        .containsExactly("run", "--vars", "{\"day\": \"$(date)\"}", "--select", "a b");
  }

  @Test
  void refusesAnythingButDbt() {
    assertThatThrownBy(() -> DbtCommandLine.split("bash -c 'dbt run'")).hasMessageContaining("must start with 'dbt'");
    assertThatThrownBy(() -> DbtCommandLine.split("dbt")).hasMessageContaining("names no dbt command");
    assertThatThrownBy(() -> DbtCommandLine.split("dbt run --select 'x")).hasMessageContaining("unclosed");
  }
}
