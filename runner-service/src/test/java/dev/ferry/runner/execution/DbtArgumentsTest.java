package dev.ferry.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DbtArgumentsTest {

  @Test
  void addsTheRunsTargetAndProfile() {
    assertThat(DbtArguments.of("/venv/bin/dbt", List.of("build", "--select", "tag:nightly"), "prod", "analytics"))
        .containsExactly("/venv/bin/dbt", "build", "--select", "tag:nightly", "--target", "prod", "--profile", "analytics");
  }

  @Test
  void leavesATargetTheCommandSetsItself() {
    assertThat(DbtArguments.of("dbt", List.of("run", "-t", "ci"), "prod", null)).containsExactly("dbt", "run", "-t", "ci");
    assertThat(DbtArguments.of("dbt", List.of("run", "--target=ci"), "prod", null)).containsExactly("dbt", "run", "--target=ci");
  }

  @Test
  void depsGetsNoTarget() {
    assertThat(DbtArguments.of("dbt", List.of("deps"), "prod", "p")).containsExactly("dbt", "deps");
  }
}
