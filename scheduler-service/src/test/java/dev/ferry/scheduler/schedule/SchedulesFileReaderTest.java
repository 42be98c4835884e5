package dev.ferry.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class SchedulesFileReaderTest {

  @TempDir
  Path dir;

  private final SchedulesFileReader reader = new SchedulesFileReader("default");

  @Test
  void readsEveryFieldAndResolvesALocalRepositoryAgainstTheFile() throws IOException {
    Files.createDirectories(dir.resolve("repo/analytics"));
    Path file = write("""
        schedules:
          - name: nightly
            description: Full build
            schedule: "0 2 * * *"
            timezone: Europe/Amsterdam
            commands:
              - dbt build
              - dbt run --select "tag:hourly"
            project:
              repository: repo
              ref: main
              subdirectory: analytics
            target: prod
          - name: adhoc
            schedule: manual
            commands: [dbt run]
            project: {repository: "https://github.com/acme/analytics.git"}
        """);

    List<Schedule> schedules = reader.read(file);

    assertThat(schedules).extracting(Schedule::name).containsExactly("nightly", "adhoc");
    Schedule nightly = schedules.getFirst();
    assertThat(nightly.workspace()).isEqualTo("default");
    assertThat(nightly.cron().expression()).isEqualTo("0 2 * * *");
    assertThat(nightly.timezone()).isEqualTo(ZoneId.of("Europe/Amsterdam"));
    assertThat(nightly.commands()).containsExactly(List.of("build"), List.of("run", "--select", "tag:hourly"));
    assertThat(nightly.project()).isEqualTo(new Schedule.ProjectRef(
        dir.resolve("repo").toAbsolutePath().toString(), "main", "analytics"));
    assertThat(nightly.target()).isEqualTo("prod");
    assertThat(nightly.source().line()).isEqualTo(2);
    Schedule adhoc = schedules.get(1);
    assertThat(adhoc.isManual()).isTrue();
    assertThat(adhoc.timezone()).isEqualTo(ZoneOffset.UTC);
    assertThat(adhoc.project().ref()).isEqualTo("HEAD");
    assertThat(adhoc.project().repository()).isEqualTo("https://github.com/acme/analytics.git");
  }

  @Test
  void namesFileLineAndFieldOfAnUnknownField() throws IOException {
    Path file = write("""
        schedules:
          - name: nightly
            schedule: "@daily"
            comands: [dbt build]
            project: {repository: "git@github.com:acme/a.git"}
        """);

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(InvalidSchedulesException.class)
        .hasMessageContaining(file + ":4:5: schedules[0].comands: unknown field; expected one of [commands,")
        .hasMessageContaining(file + ":2:5: schedules[0]: missing required field 'commands'");
  }

  @Test
  void reportsABadCronExpressionAtItsValue() throws IOException {
    Path file = write("""
        schedules:
          - name: nightly
            schedule: "0 25 * * *"
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
        """);

    InvalidSchedulesException e = catchInvalid(file);

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.column()).isEqualTo(15);
      assertThat(p.field()).isEqualTo("schedules[0].schedule");
      assertThat(p.message()).contains("'0 25 * * *' is not a valid cron expression");
    });
  }

  @Test
  void refusesSixFieldCronAndUnknownMacros() throws IOException {
    Path file = write("""
        schedules:
          - name: a
            schedule: "0 0 2 * * *"
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
          - name: b
            schedule: "@fortnightly"
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
        """);

    assertThat(catchInvalid(file).problems()).extracting(ScheduleProblem::message).satisfiesExactly(
        m -> assertThat(m).contains("has 6 fields; expected 5"),
        m -> assertThat(m).contains("'@fortnightly' is not a cron macro"));
  }

  @Test
  void reportsUnknownTimeZoneUnsafeNameAndBadCommand() throws IOException {
    Path file = write("""
        schedules:
          - name: ../etc
            schedule: "@hourly"
            timezone: Mars/Olympus
            commands: ["rm -rf /"]
            project: {repository: "https://example.com/a.git", subdirectory: "../outside"}
        """);

    assertThat(catchInvalid(file).problems()).extracting(ScheduleProblem::field).containsExactly(
        "schedules[0].name", "schedules[0].timezone", "schedules[0].commands[0]", "schedules[0].project.subdirectory");
  }

  @Test
  void reportsADuplicateNameWithTheLineOfTheFirst() throws IOException {
    Path file = write("""
        schedules:
          - name: nightly
            schedule: "@daily"
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
          - name: nightly
            schedule: "@hourly"
            commands: [dbt run]
            project: {repository: "https://example.com/a.git"}
        """);

    assertThat(catchInvalid(file).problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(6);
      assertThat(p.message()).isEqualTo("duplicate schedule name 'nightly' (first defined at line 2)");
    });
  }

  @Test
  void reportsAFieldGivenTwice() throws IOException {
    Path file = write("""
        schedules:
          - name: nightly
            schedule: "@daily"
            schedule: "@hourly"
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
        """);

    assertThat(catchInvalid(file).problems()).singleElement()
        .satisfies(p -> assertThat(p.toString()).endsWith(":4:5: schedules[0].schedule: given more than once"));
  }

  @Test
  void reportsAMissingLocalRepository() throws IOException {
    Path file = write("""
        schedules:
          - name: nightly
            schedule: "@daily"
            commands: [dbt build]
            project: {repository: ./nowhere}
        """);

    assertThat(catchInvalid(file).problems()).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("'./nowhere' is neither a git URL nor an existing folder"));
  }

  @Test
  void reportsBrokenYamlWithItsLine() throws IOException {
    Path file = write("""
        schedules:
          - name: nightly
            schedule: "@daily
        """);

    assertThat(catchInvalid(file).problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.message()).startsWith("not valid YAML");
    });
  }

  @Test
  void reportsAnEmptyFileAndAMissingFile() throws IOException {
    assertThat(catchInvalid(write("")).problems()).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("file is empty"));
    assertThatThrownBy(() -> reader.read(dir.resolve("absent.yml"))).hasMessageEndingWith("absent.yml:0:0: file not found");
  }

  private InvalidSchedulesException catchInvalid(Path file) {
    try {
      reader.read(file);
    } catch (InvalidSchedulesException e) {
      return e;
    }
    throw new AssertionError("expected " + file + " to be invalid");
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("ferry_schedules.yml");
    Files.writeString(file, yaml);
    return file;
  }
}
