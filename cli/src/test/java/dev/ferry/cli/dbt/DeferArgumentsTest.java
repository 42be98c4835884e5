package dev.ferry.cli.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.cli.CliException;
import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.manifest.ManifestQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DeferArgumentsTest {

  private static final String RUN = "0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11";

  @Test
  void takesOutFerrysOptionsAndPassesEverythingElseUntouched() {
    DeferArguments parsed = DeferArguments.parse(List.of("build", "--select", "state:modified+", "--defer",
        "--schedule-name", "nightly", "--favor-state", "--max-age", "6h", "--vars", "{a: 1}", "--defer-to-any-status"),
        null);

    assertThat(parsed.query()).isEqualTo(new ManifestQuery("nightly", null, null, true));
    assertThat(parsed.maxAge()).isEqualTo(Duration.ofHours(6));
    assertThat(parsed.dbtArgs())
        .containsExactly("build", "--select", "state:modified+", "--defer", "--favor-state", "--vars", "{a: 1}");
  }

  @Test
  void acceptsTheEqualsForms() {
    DeferArguments parsed = DeferArguments.parse(List.of("run", "--schedule-name=hourly", "--defer-run-id=" + RUN,
        "--max-age=PT30M"), null);

    assertThat(parsed.query()).isEqualTo(new ManifestQuery("hourly", RUN, null, false));
    assertThat(parsed.maxAge()).isEqualTo(Duration.ofMinutes(30));
    assertThat(parsed.dbtArgs()).containsExactly("run");
  }

  @Test
  void asOfTakesAnInstantOrATimeWithAnOffset() {
    assertThat(DeferArguments.parse(List.of("build", "--schedule-name", "n", "--as-of", "2026-11-25T11:00:00+01:00"),
        null).query().asOf()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    assertThatThrownBy(() -> DeferArguments.parse(List.of("build", "--schedule-name", "n", "--as-of", "2026-11-25T11:00"),
        null)).hasMessageContaining("with an offset");
    assertThatThrownBy(() -> DeferArguments.parse(List.of("build", "--schedule-name", "n", "--as-of",
        "2026-11-25T11:00:00Z", "--defer-run-id", RUN), null)).hasMessageContaining("give one of them");
  }

  @Test
  void appendsTheStateFolder() {
    DeferArguments parsed = DeferArguments.parse(List.of("build", "--defer", "--schedule-name", "nightly"), null);

    assertThat(parsed.withState(Path.of("/cache/nightly"))).containsExactly("build", "--defer", "--state", "/cache/nightly");
  }

  @Test
  void withoutAScheduleDbtRunsAsGiven() {
    DeferArguments parsed = DeferArguments.parse(List.of("build", "--state", "prod-artifacts", "--defer"), null);

    assertThat(parsed.query()).isNull();
    assertThat(parsed.dbtArgs()).containsExactly("build", "--state", "prod-artifacts", "--defer");
  }

  @Test
  void refusesAStateOfTheUsersOwnNextToTheSchedule() {
    for (List<String> args : List.of(List.of("build", "--state=x", "--schedule-name", "nightly"),
        List.of("build", "--state", "x", "--schedule-name", "nightly"),
        List.of("build", "--defer-state", "x", "--schedule-name", "nightly"),
        List.of("build", "--schedule-name", "nightly", "--defer-state=x"))) {
      assertThatThrownBy(() -> DeferArguments.parse(args, null))
          .isInstanceOf(CliException.class)
          .hasMessageContaining("conflicts with --schedule-name: Ferry passes --state <the production manifest of nightly>")
          .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
    }
  }

  @Test
  void theScheduleFromTheEnvironmentServesCommandsThatAskForState() {
    assertThat(DeferArguments.parse(List.of("build", "--defer"), "nightly").query())
        .isEqualTo(ManifestQuery.latest("nightly"));
    assertThat(DeferArguments.parse(List.of("ls", "--select", "state:modified"), "nightly").query()).isNotNull();
    assertThat(DeferArguments.parse(List.of("build", "--defer", "--schedule-name", "hourly"), "nightly").query().schedule())
        .isEqualTo("hourly");
  }

  @Test
  void theScheduleFromTheEnvironmentLeavesOtherCommandsAlone() {
    DeferArguments deps = DeferArguments.parse(List.of("deps"), "nightly");
    DeferArguments ownState = DeferArguments.parse(List.of("build", "--defer", "--state", "mine"), "nightly");

    assertThat(deps.query()).isNull();
    assertThat(deps.dbtArgs()).containsExactly("deps");
    assertThat(ownState.query()).isNull();
    assertThat(ownState.dbtArgs()).containsExactly("build", "--defer", "--state", "mine");
  }

  @Test
  void refusesPinsWithoutASchedule() {
    assertThatThrownBy(() -> DeferArguments.parse(List.of("build", "--defer-run-id", RUN), null))
        .hasMessageContaining("need --schedule-name or FERRY_DEFER_SCHEDULE");
  }

  @Test
  void refusesMissingOrBadValues() {
    assertThatThrownBy(() -> DeferArguments.parse(List.of("build", "--schedule-name"), null))
        .hasMessageContaining("--schedule-name needs a value");
    assertThatThrownBy(() -> DeferArguments.parse(List.of("build", "--schedule-name", "../x"), null))
        .hasMessageContaining("not a valid schedule name");
    assertThatThrownBy(() -> DeferArguments.parse(List.of("build", "--schedule-name", "n", "--max-age", "soon"), null))
        .hasMessageContaining("--max-age 'soon' is not a duration");
    assertThatThrownBy(() -> DeferArguments.parse(List.of("build", "--schedule-name", "n", "--defer-run-id", "42"), null))
        .hasMessageContaining("is not a run id");
  }
}
