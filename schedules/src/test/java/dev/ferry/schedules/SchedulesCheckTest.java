package dev.ferry.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SchedulesCheckTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void aValidFolderExitsZeroWithOneSummaryLine() {
    Path folder = SchedulesReaderTest.fixture("valid");

    int exit = SchedulesCheck.run(folder, new PrintWriter(out), new PrintWriter(err));

    assertThat(exit).isZero();
    assertThat(out.toString()).isEqualTo(folder + ": 4 schedules valid in 2 files (3 on cron, 1 manual or triggered)"
        + System.lineSeparator());
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void anInvalidFileExitsNonZeroWithOneLinePerProblemOnStderr() {
    Path file = SchedulesReaderTest.fixture("invalid/bad-durations.yml");

    int exit = SchedulesCheck.run(file, new PrintWriter(out), new PrintWriter(err));

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines()).hasSize(4).allMatch(line -> line.startsWith(file + ":") || line.equals("3 problems in " + file));
    assertThat(err.toString().lines().findFirst()).hasValueSatisfying(line -> assertThat(line).matches(".*:6:14: schedules\\[0\\]\\.timeout: .*"));
  }
}
