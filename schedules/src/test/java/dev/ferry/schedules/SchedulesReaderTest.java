package dev.ferry.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class SchedulesReaderTest {

  @TempDir
  Path dir;

  private final SchedulesReader reader = new SchedulesReader("default");

  @Test
  void readsTheRequiredFieldsAndResolvesALocalRepositoryAgainstTheFile() throws IOException {
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

    List<Schedule> schedules = reader.read(file).schedules();

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
  void aCommandWrittenAsAMappingMayLetTheRunGoOnAfterItFails() throws IOException {
    Path file = write("""
        schedules:
          - name: nightly
            schedule: "@daily"
            commands:
              - command: dbt build --select "tag:nightly"
                continue_on_failure: true
              - dbt docs generate
              - {command: dbt source freshness, continue_on_failure: false}
            project: {repository: "https://github.com/acme/analytics.git"}
        """);

    Schedule nightly = reader.read(file).schedules().getFirst();

    assertThat(nightly.commands()).containsExactly(List.of("build", "--select", "tag:nightly"),
        List.of("docs", "generate"), List.of("source", "freshness"));
    assertThat(nightly.continueOnFailure()).containsExactly(0);
    assertThat(nightly.continuesOnFailure(1)).isFalse();
  }

  @Test
  void aCommandMappingWithoutItsCommandOrWithANonBooleanFlagIsReported() {
    assertThatThrownBy(() -> reader.read(fixture("invalid/bad-commands.yml")))
        .isInstanceOfSatisfying(InvalidSchedulesException.class, e -> assertThat(e.problems())
            .extracting(ScheduleProblem::field, ScheduleProblem::message)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("schedules[0].commands[0]", "missing required field 'command'"),
                org.assertj.core.groups.Tuple.tuple("schedules[0].commands[1].continue_on_failure", "must be true or false")));
  }

  @Test
  void leavesEveryPolicyAtItsDefaultWhenNotGiven() throws IOException {
    Schedule minimal = reader.read(fixture("valid/minimal.yml")).schedules().getFirst();

    assertThat(minimal.owner()).isNull();
    assertThat(minimal.env()).isEmpty();
    assertThat(minimal.timeout()).isNull();
    assertThat(minimal.retries()).isEqualTo(Schedule.RetryPolicy.NONE);
    assertThat(minimal.concurrency()).isEqualTo(ConcurrencyPolicy.ALLOW);
    assertThat(minimal.catchUp()).isEqualTo(new Schedule.CatchUpPolicy(CatchUpMode.LATEST, 0));
    assertThat(minimal.triggerOnCompletion()).isNull();
    assertThat(minimal.notifications()).isEqualTo(Schedule.Notifications.NONE);
    assertThat(minimal.sla()).isNull();
    assertThat(minimal.runtimeVariableAliases()).isEmpty();
    assertThat(minimal.onMerge()).isNull();
    assertThat(minimal.deferTo()).isNull();
  }

  @Test
  void readsEveryOptionalField() throws IOException {
    List<Schedule> schedules = reader.read(fixture("valid/every-field.yml")).schedules();

    Schedule nightly = schedules.getFirst();
    assertThat(nightly.owner()).isEqualTo("data-platform@example.com");
    assertThat(nightly.env()).containsExactly(
        Map.entry("DBT_THREADS", new EnvValue.Literal("8")),
        Map.entry("DBT_PROFILES_DIR", new EnvValue.Literal("profiles")),
        Map.entry("SNOWFLAKE_PASSWORD", new EnvValue.SecretRef("SNOWFLAKE_PASSWORD")));
    assertThat(nightly.timeout()).isEqualTo(Duration.ofHours(2));
    assertThat(nightly.retries()).isEqualTo(new Schedule.RetryPolicy(2, Duration.ofMinutes(10)));
    assertThat(nightly.concurrency()).isEqualTo(ConcurrencyPolicy.FORBID);
    assertThat(nightly.catchUp()).isEqualTo(new Schedule.CatchUpPolicy(CatchUpMode.ALL, 3));
    assertThat(nightly.notifications().failure()).containsExactly(
        new Webhook.Url(URI.create("https://hooks.example.com/services/T000/B000/XXXX")),
        new Webhook.Secret("SLACK_ALERTS_WEBHOOK"));
    assertThat(nightly.notifications().slaMiss()).containsExactly(new Webhook.Secret("PAGERDUTY_WEBHOOK"));
    assertThat(nightly.sla()).isEqualTo(Duration.ofHours(3));
    assertThat(nightly.runtimeVariableAliases()).containsExactly(RuntimeVariableAlias.PARADIME, RuntimeVariableAlias.DBT_CLOUD);
    assertThat(nightly.onMerge()).isEqualTo("main");
    assertThat(nightly.deferTo()).isEqualTo("nightly");
    Schedule after = schedules.get(1);
    assertThat(after.triggerOnCompletion()).isEqualTo(new Schedule.CompletionTrigger("nightly",
        Set.of(CompletionStatus.SUCCEEDED, CompletionStatus.FAILED)));
    assertThat(after.catchUp().mode()).isEqualTo(CatchUpMode.NONE);
  }

  @Test
  void aCompletionTriggerFiresOnSuccessByDefaultAndCatchUpAllHasABound() throws IOException {
    Path file = write("""
        schedules:
          - name: a
            schedule: "@daily"
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
            catch_up: all
          - name: b
            schedule: manual
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
            trigger_on_completion: {schedule: a}
        """);

    List<Schedule> schedules = reader.read(file).schedules();

    assertThat(schedules.getFirst().catchUp()).isEqualTo(new Schedule.CatchUpPolicy(CatchUpMode.ALL, 10));
    assertThat(schedules.get(1).triggerOnCompletion().statuses()).containsExactly(CompletionStatus.SUCCEEDED);
  }

  @Test
  void suggestsTheClosestKnownKeyForAnUnknownOne() throws IOException {
    Path file = fixture("invalid/unknown-key.yml");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(InvalidSchedulesException.class)
        .hasMessageContaining(file + ":4:5: schedules[0].comands: unknown field; did you mean 'commands'?")
        .hasMessageContaining(file + ":2:5: schedules[0]: missing required field 'commands'");
  }

  @Test
  void listsTheKnownKeysWhenNoneIsClose() throws IOException {
    Path file = write("""
        schedules:
          - name: nightly
            schedule: "@daily"
            commands: [dbt build]
            project: {repository: "https://example.com/a.git", branch: main}
        """);

    assertThat(catchInvalid(file).problems()).singleElement().satisfies(p -> assertThat(p.toString())
        .endsWith(":5:56: schedules[0].project.branch: unknown field; expected one of [ref, repository, subdirectory]"));
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

    assertThat(catchInvalid(file).problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.column()).isEqualTo(15);
      assertThat(p.field()).isEqualTo("schedules[0].schedule");
      assertThat(p.message()).isEqualTo("'0 25 * * *' is not a valid cron expression: hour 25 is out of range 0-23;"
          + " or use 'manual'");
    });
  }

  @Test
  void reportsUnknownTimeZoneWithTheClosestOne() throws IOException {
    Path file = write("""
        schedules:
          - name: a
            schedule: "@hourly"
            timezone: Europe/Amsterdm
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
          - name: b
            schedule: "@hourly"
            timezone: Mars/Olympus
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
        """);

    assertThat(catchInvalid(file).problems()).extracting(ScheduleProblem::message).containsExactly(
        "'Europe/Amsterdm' is not an IANA time zone; did you mean 'Europe/Amsterdam'?",
        "'Mars/Olympus' is not an IANA time zone such as UTC or Europe/Amsterdam");
  }

  @Test
  void reportsUnsafeNameBadCommandAndSubdirectory() throws IOException {
    Path file = write("""
        schedules:
          - name: ../etc
            schedule: "@hourly"
            commands: ["rm -rf /"]
            project: {repository: "https://example.com/a.git", subdirectory: "../outside"}
        """);

    assertThat(catchInvalid(file).problems()).extracting(ScheduleProblem::field).containsExactly(
        "schedules[0].name", "schedules[0].commands[0]", "schedules[0].project.subdirectory");
  }

  @Test
  void reportsBadEnumValuesNamingTheAllowedOnes() throws IOException {
    assertThat(catchInvalid(fixture("invalid/bad-enums.yml")).problems()).extracting(ScheduleProblem::toString)
        .satisfiesExactly(
            p -> assertThat(p).endsWith(":6:18: schedules[0].concurrency: 'sometimes' is not one of allow, forbid, replace"),
            p -> assertThat(p).endsWith(":7:15: schedules[0].catch_up: 'everything' is not one of none, latest, all"),
            p -> assertThat(p).endsWith(":8:32: schedules[0].runtime_variable_aliases[0]: 'airflow' is not one of"
                + " paradime, dbt_cloud"),
            p -> assertThat(p).endsWith(":9:57: schedules[0].trigger_on_completion.statuses[0]: 'succeeded' is not one of"
                + " SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, LOST; did you mean 'SUCCEEDED'?"));
  }

  @Test
  void reportsBadDurations() throws IOException {
    assertThat(catchInvalid(fixture("invalid/bad-durations.yml")).problems()).extracting(ScheduleProblem::toString)
        .satisfiesExactly(
            p -> assertThat(p).endsWith(":6:14: schedules[0].timeout: '90 minutes' is not a duration such as 30s, 90m, 2h or 1h30m"),
            p -> assertThat(p).endsWith(":7:10: schedules[0].sla: '1.5h' is not a duration such as 30s, 90m, 2h or 1h30m"),
            p -> assertThat(p).endsWith(":8:34: schedules[0].retries.backoff: 'PT5M' is not a duration such as 30s, 90m, 2h or 1h30m"));
  }

  @Test
  void refusesAZeroTimeoutAndTooManyRetries() throws IOException {
    Path file = write("""
        schedules:
          - name: a
            schedule: "@daily"
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
            timeout: 0s
            retries: {count: 11}
            catch_up: {mode: latest, limit: 5}
        """);

    assertThat(catchInvalid(file).problems()).extracting(ScheduleProblem::field, ScheduleProblem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple("schedules[0].timeout", "must be longer than 0s"),
        org.assertj.core.groups.Tuple.tuple("schedules[0].retries.count", "must be a whole number from 0 to 10"),
        org.assertj.core.groups.Tuple.tuple("schedules[0].catch_up.limit", "applies to mode 'all' only"));
  }

  @Test
  void reportsWrongTypesAndEveryProblemOfTheFileAtOnce() throws IOException {
    assertThat(catchInvalid(fixture("invalid/bad-types.yml")).problems()).extracting(ScheduleProblem::field).containsExactly(
        "schedules[0].name", "schedules[0].retries.count", "schedules[0].env.PASSWORD.value", "schedules[1]");
  }

  @Test
  void aNumberWhereTextBelongsMustBeQuoted() throws IOException {
    Path file = write("""
        schedules:
          - name: a
            schedule: "@daily"
            commands: [dbt build]
            project: {repository: "https://example.com/a.git", ref: 2024}
        """);

    assertThat(catchInvalid(file).problems()).singleElement().satisfies(p -> assertThat(p.message())
        .isEqualTo("must be text, and '2024' reads as a YAML int; put it in quotes"));
  }

  @Test
  void refusesReservedAndMalformedEnvironmentNamesAndSecretNames() throws IOException {
    Path file = write("""
        schedules:
          - name: a
            schedule: "@daily"
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
            env:
              FERRY_SCHEDULE_NAME: x
              1BAD: x
              TOKEN: {secret: "not a name"}
              EMPTY:
        """);

    assertThat(catchInvalid(file).problems()).extracting(ScheduleProblem::field).containsExactly(
        "schedules[0].env.FERRY_SCHEDULE_NAME", "schedules[0].env.1BAD", "schedules[0].env.TOKEN.secret",
        "schedules[0].env.EMPTY");
  }

  @Test
  void neverRepeatsAWebhookUrlInAProblem() throws IOException {
    Path file = write("""
        schedules:
          - name: a
            schedule: "@daily"
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
            notifications:
              failure: ["ftp://hooks.example.com/T0/B0/s3cr3t"]
        """);

    InvalidSchedulesException e = catchInvalid(file);
    assertThat(e.problems()).singleElement().satisfies(p ->
        assertThat(p.field()).isEqualTo("schedules[0].notifications.failure[0]"));
    assertThat(e.getMessage()).doesNotContain("s3cr3t");
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
  void readsEveryScheduleFileOfAFolderAndNamesBothPlacesOfADuplicate() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("schedules"));
    write(folder.resolve("finance.yml"), schedule("nightly", "@daily") + schedule("finance-hourly", "@hourly").replace("schedules:\n", ""));
    write(folder.resolve("marketing.yaml"), schedule("nightly", "@hourly"));
    write(folder.resolve("README.md"), "not a schedules file");
    write(folder.resolve(".#marketing.yaml"), "an editor's lock file");

    InvalidSchedulesException e = catchInvalid(folder);

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo(folder.resolve("marketing.yaml"));
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.message()).isEqualTo("duplicate schedule name 'nightly' (first defined at "
          + folder.resolve("finance.yml") + ":2)");
    });

    write(folder.resolve("marketing.yaml"), schedule("marketing", "@hourly"));
    ScheduleSet set = reader.read(folder);
    assertThat(set.schedules()).extracting(Schedule::name).containsExactly("nightly", "finance-hourly", "marketing");
    assertThat(set.files()).containsExactly(folder.resolve("finance.yml"), folder.resolve("marketing.yaml"));
  }

  @Test
  void reportsProblemsOfEveryFileOfAFolderAtOnce() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("schedules"));
    write(folder.resolve("a.yml"), schedule("a", "@daly"));
    write(folder.resolve("b.yml"), schedule("b", "61 * * * *"));

    assertThat(catchInvalid(folder).problems()).extracting(p -> p.file().getFileName().toString())
        .containsExactly("a.yml", "b.yml");
  }

  @Test
  void anEmptyFolderIsAProblem() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("empty"));

    assertThat(catchInvalid(folder).problems()).singleElement()
        .satisfies(p -> assertThat(p.message()).isEqualTo("folder has no *.yml or *.yaml schedule files"));
  }

  @Test
  void reportsReferencesToUnknownSchedulesAcrossFiles() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("schedules"));
    write(folder.resolve("a.yml"), schedule("nightly", "@daily"));
    write(folder.resolve("b.yml"), schedule("marts", "manual")
        + "    trigger_on_completion: {schedule: nighty}\n    defer_to: nightly\n"
        + schedule("other", "manual").replace("schedules:\n", "") + "    defer_to: prod\n");

    assertThat(catchInvalid(folder).problems()).extracting(ScheduleProblem::field, ScheduleProblem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple("schedules[0].trigger_on_completion.schedule",
            "no schedule named 'nighty'; did you mean 'nightly'?"),
        org.assertj.core.groups.Tuple.tuple("schedules[1].defer_to", "no schedule named 'prod'"));
  }

  @Test
  void reportsATriggerCycleOnceNamingEveryScheduleOnIt() throws IOException {
    Path file = write("""
        schedules:
          - name: a
            schedule: manual
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
            trigger_on_completion: {schedule: c}
          - name: b
            schedule: manual
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
            trigger_on_completion: {schedule: a}
          - name: c
            schedule: "@daily"
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
            trigger_on_completion: {schedule: b}
          - name: self
            schedule: manual
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
            trigger_on_completion: {schedule: self}
          - name: tail
            schedule: manual
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
            trigger_on_completion: {schedule: a}
        """);

    assertThat(catchInvalid(file).problems()).extracting(ScheduleProblem::toString).containsExactly(
        file + ":6:39: schedules[0].trigger_on_completion.schedule: trigger_on_completion forms a cycle:"
            + " a runs after c runs after b runs after a; such schedules would trigger each other forever",
        file + ":21:39: schedules[3].trigger_on_completion.schedule: trigger_on_completion forms a cycle:"
            + " self runs after self; such schedules would trigger each other forever");
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

  private static String schedule(String name, String cron) {
    return """
        schedules:
          - name: %s
            schedule: "%s"
            commands: [dbt build]
            project: {repository: "https://example.com/a.git"}
        """.formatted(name, cron);
  }

  private InvalidSchedulesException catchInvalid(Path file) {
    try {
      reader.read(file);
    } catch (InvalidSchedulesException e) {
      return e;
    }
    throw new AssertionError("expected " + file + " to be invalid");
  }

  static Path fixture(String name) {
    return Path.of("src/test/resources").resolve(name);
  }

  private Path write(String yaml) throws IOException {
    return write(dir.resolve("ferry_schedules.yml"), yaml);
  }

  private static Path write(Path file, String text) throws IOException {
    Files.writeString(file, text);
    return file;
  }
}
