package dev.ferry.runner.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.schedules.InvalidSchedulesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class KnownSchedulesTest {

  @TempDir
  Path dir;

  @Test
  void aChangedFileIsReadAgainAndABrokenChangeKeepsTheSchedulesKnownSoFar() throws IOException {
    Path file = write("nightly");
    KnownSchedules known = KnownSchedules.of(file, "default");

    assertThat(known.unknown("default", "nightly")).isNull();
    assertThat(known.unknown("default", "hourly")).isEqualTo("unknown schedule default/hourly: not in " + file);

    write("nightly", "hourly");
    assertThat(known.unknown("default", "hourly")).isNull();

    Files.writeString(file, "schedules: [{name: nightly}]\n");
    assertThat(known.unknown("default", "hourly")).as("the broken file is not taken").isNull();
    assertThat(known.unknown("finance", "nightly")).contains("which holds workspace default");
  }

  @Test
  void withoutAFileEveryScheduleIsKnownAndABrokenFileStopsTheStart() throws IOException {
    assertThat(KnownSchedules.any().unknown("any", "thing")).isNull();

    Path broken = Files.writeString(dir.resolve("broken.yml"), "schedules: [{name: nightly}]\n");
    assertThatThrownBy(() -> KnownSchedules.of(broken, "default")).isInstanceOf(InvalidSchedulesException.class);
  }

  private Path write(String... names) throws IOException {
    StringBuilder yaml = new StringBuilder("schedules:\n");
    for (String name : names) {
      yaml.append("  - {name: ").append(name).append(", schedule: \"@daily\", commands: [dbt build],")
          .append(" project: {repository: \"https://example.com/a.git\"}}\n");
    }
    return Files.writeString(dir.resolve("ferry_schedules.yml"), yaml);
  }
}
