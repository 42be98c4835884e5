package dev.ferry.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.FerryHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

@Tag("unit")
class RunResultsSummaryTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir
  Path tmp;

  @Test
  void countsARealRunResultsFileByStatus() throws Exception {
    Path file = FerryHome.corpus("run_results__v6__jaffle_shop__run_results_1.11.json");

    RunResultsSummary summary = RunResultsSummary.of(JSON.readTree(file.toFile()));

    assertThat(summary.nodeStatuses()).containsExactly(java.util.Map.entry("success", 40));
    assertThat(summary.failures()).isEmpty();
    assertThat(summary.elapsedSeconds()).isBetween(0.25, 0.26);
  }

  @Test
  void keepsTheFirstFailuresWithTheirMessagesCutAndCountsTheRest() {
    StringBuilder results = new StringBuilder("{\"elapsed_time\": 3.5, \"results\": [");
    results.append("{\"unique_id\": \"model.p.ok\", \"status\": \"success\"},");
    results.append("{\"unique_id\": \"test.p.warned\", \"status\": \"warn\", \"message\": \"Got 1 result\"},");
    for (int i = 0; i < 25; i++) {
      results.append("{\"unique_id\": \"model.p.m").append(i).append("\", \"status\": \"")
          .append(i % 2 == 0 ? "error" : "fail").append("\", \"message\": \"").append("x".repeat(i == 0 ? 5000 : 10))
          .append("\"},");
    }
    results.append("{\"unique_id\": \"model.p.skipped\", \"status\": \"skipped\", \"message\": null}]}");

    RunResultsSummary summary = RunResultsSummary.of(JSON.readTree(results.toString()));

    assertThat(summary.nodeStatuses()).containsEntry("success", 1).containsEntry("warn", 1).containsEntry("error", 13)
        .containsEntry("fail", 12).containsEntry("skipped", 1);
    assertThat(summary.failures()).hasSize(RunResultsSummary.MAX_FAILURES);
    assertThat(summary.failuresOmitted()).isEqualTo(5);
    assertThat(summary.failures().getFirst().uniqueId()).isEqualTo("model.p.m0");
    assertThat(summary.failures().getFirst().message()).hasSize(RunResultsSummary.MAX_MESSAGE);
    assertThat(summary.failures()).extracting(RunResultsSummary.NodeFailure::status).containsOnly("error", "fail");
  }

  @Test
  void aFileTheCommandDidNotWriteIsNotItsSummary() throws Exception {
    Path file = Files.writeString(tmp.resolve("run_results.json"), "{\"results\": []}");
    Instant commandStarted = Instant.now();
    Files.setLastModifiedTime(file, FileTime.from(commandStarted.minusSeconds(60)));

    assertThat(RunResultsSummary.readIfWrittenSince(file, commandStarted)).isEmpty();
    assertThat(RunResultsSummary.readIfWrittenSince(tmp.resolve("missing.json"), commandStarted)).isEmpty();
    Files.setLastModifiedTime(file, FileTime.from(commandStarted.plusSeconds(1)));
    assertThat(RunResultsSummary.readIfWrittenSince(file, commandStarted)).isPresent();
    Files.writeString(file, "{\"results\": [");
    Files.setLastModifiedTime(file, FileTime.from(commandStarted.plusSeconds(1)));
    assertThat(RunResultsSummary.readIfWrittenSince(file, commandStarted)).as("cut short by a stop").isEmpty();
  }
}
