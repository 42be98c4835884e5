package dev.ferry.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.schedules.InvalidSchedulesException;
import dev.ferry.schedules.Schedule;
import dev.ferry.schedules.SchedulesReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class LiveSchedulesTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  @TempDir
  Path dir;

  @Test
  void refusesToStartWithSchedulesThatHaveProblems() throws IOException {
    Path file = write("broken.yml", "schedules:\n  - name: a\n");

    assertThatThrownBy(() -> new LiveSchedules(new SchedulesReader("default"), file, Clock.fixed(T0, ZoneOffset.UTC)))
        .isInstanceOf(InvalidSchedulesException.class).hasMessageContaining("missing required field 'commands'");
  }

  @Test
  void appliesAChangeAndTellsTheListeners() throws IOException {
    Path file = write("ferry_schedules.yml", schedules("a"));
    LiveSchedules live = new LiveSchedules(new SchedulesReader("default"), file, Clock.fixed(T0, ZoneOffset.UTC));
    List<List<String>> told = new CopyOnWriteArrayList<>();
    live.onChange(catalog -> told.add(catalog.all().stream().map(Schedule::name).toList()));

    assertThat(live.reload()).isEqualTo(LiveSchedules.Outcome.UNCHANGED);
    write("ferry_schedules.yml", schedules("a", "b"));

    assertThat(live.reload()).isEqualTo(LiveSchedules.Outcome.LOADED);
    assertThat(live.current().all()).extracting(Schedule::name).containsExactly("a", "b");
    assertThat(told).containsExactly(List.of("a", "b"));
    assertThat(live.status().schedules()).isEqualTo(2);
    assertThat(live.status().problems()).isEmpty();
  }

  @Test
  void aBrokenChangeKeepsTheSetInForceAndReportsItsProblemsUntilFixed() throws IOException {
    Path file = write("ferry_schedules.yml", schedules("a"));
    LiveSchedules live = new LiveSchedules(new SchedulesReader("default"), file, Clock.fixed(T0, ZoneOffset.UTC));
    List<ScheduleCatalog> told = new CopyOnWriteArrayList<>();
    live.onChange(told::add);

    write("ferry_schedules.yml", schedules("a") + schedules("b").replace("schedules:\n", "").replace("@hourly", "@hourlyy"));

    assertThat(live.reload()).isEqualTo(LiveSchedules.Outcome.FAILED);
    assertThat(live.current().all()).extracting(Schedule::name).containsExactly("a");
    assertThat(live.status().problems()).singleElement().satisfies(p -> assertThat(p.toString())
        .contains("schedules[1].schedule: '@hourlyy' is not a cron macro"));
    assertThat(live.status().loadedAt()).isEqualTo(T0);
    assertThat(live.reload()).as("the same broken files are not read again").isEqualTo(LiveSchedules.Outcome.UNCHANGED);
    assertThat(live.status().problems()).hasSize(1);
    assertThat(told).isEmpty();

    write("ferry_schedules.yml", schedules("a", "b"));

    assertThat(live.reload()).isEqualTo(LiveSchedules.Outcome.LOADED);
    assertThat(live.status().problems()).isEmpty();
    assertThat(told).hasSize(1);
  }

  @Test
  void readsAFolderAndSeesAFileAddedToIt() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("schedules"));
    Files.writeString(folder.resolve("finance.yml"), schedules("finance"));
    LiveSchedules live = new LiveSchedules(new SchedulesReader("default"), folder, Clock.fixed(T0, ZoneOffset.UTC));

    Files.writeString(folder.resolve("marketing.yaml"), schedules("marketing"));

    assertThat(live.reload()).isEqualTo(LiveSchedules.Outcome.LOADED);
    assertThat(live.current().all()).extracting(Schedule::name).containsExactly("finance", "marketing");
    assertThat(live.status().files()).hasSize(2);
  }

  private static String schedules(String... names) {
    StringBuilder yaml = new StringBuilder("schedules:\n");
    for (String name : names) {
      yaml.append("""
            - name: %s
              schedule: "@hourly"
              commands: [dbt build]
              project: {repository: "https://example.com/a.git"}
          """.formatted(name));
    }
    return yaml.toString();
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
