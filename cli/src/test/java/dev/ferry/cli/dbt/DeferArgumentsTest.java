package dev.ferry.cli.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.cli.CliException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DeferArgumentsTest {

  @Test
  void takesOutTheScheduleNameAndPassesEverythingElseUntouched() {
    DeferArguments parsed = DeferArguments.parse(
        List.of("build", "--select", "state:modified+", "--defer", "--schedule-name", "nightly", "--favor-state", "--vars", "{a: 1}"));

    assertThat(parsed.schedule()).isEqualTo("nightly");
    assertThat(parsed.dbtArgs()).containsExactly("build", "--select", "state:modified+", "--defer", "--favor-state", "--vars", "{a: 1}");
  }

  @Test
  void acceptsTheEqualsForm() {
    assertThat(DeferArguments.parse(List.of("run", "--schedule-name=hourly")).schedule()).isEqualTo("hourly");
  }

  @Test
  void appendsTheStateFolder() {
    DeferArguments parsed = DeferArguments.parse(List.of("build", "--defer", "--schedule-name", "nightly"));

    assertThat(parsed.withState(Path.of("/cache/nightly"))).containsExactly("build", "--defer", "--state", "/cache/nightly");
  }

  @Test
  void withoutAScheduleDbtRunsAsGiven() {
    DeferArguments parsed = DeferArguments.parse(List.of("build", "--state", "prod-artifacts", "--defer"));

    assertThat(parsed.schedule()).isNull();
    assertThat(parsed.dbtArgs()).containsExactly("build", "--state", "prod-artifacts", "--defer");
  }

  @Test
  void refusesAStateThatWouldConflictWithTheSchedulesManifest() {
    assertThatThrownBy(() -> DeferArguments.parse(List.of("build", "--state=x", "--schedule-name", "nightly")))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("--state conflicts with --schedule-name");
  }

  @Test
  void refusesAMissingOrUnsafeScheduleName() {
    assertThatThrownBy(() -> DeferArguments.parse(List.of("build", "--schedule-name"))).hasMessageContaining("needs a schedule name");
    assertThatThrownBy(() -> DeferArguments.parse(List.of("build", "--schedule-name", "../x")))
        .hasMessageContaining("not a valid schedule name");
  }
}
