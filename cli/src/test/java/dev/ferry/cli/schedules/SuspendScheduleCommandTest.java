package dev.ferry.cli.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.AgainstStandInScheduler;
import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.StandInServer;
import dev.ferry.cli.StandInServer.Answer;
import dev.ferry.cli.TestContexts.Outcome;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code ferry schedules suspend|resume|list}: what they send and print. */
@Tag("unit")
class SuspendScheduleCommandTest extends AgainstStandInScheduler {

  private static final String SUSPENDED = """
      {"name": "nightly", "schedule": "0 2 * * *", "timezone": "UTC", "nextFireAt": "2026-11-26T02:00:00Z",
       "commands": ["dbt build"], "suspended": true,
       "suspension": {"since": "2026-11-25T10:00:00Z", "until": "2026-12-01T00:00:00Z", "reason": "migration"}}""";
  private static final String RUNNING = """
      {"name": "hourly", "schedule": "0 * * * *", "timezone": "UTC", "nextFireAt": "2026-11-25T11:00:00Z",
       "commands": ["dbt run"], "suspended": false, "suspension": null}""";

  @Test
  void suspendSendsTheEndAndReasonAndSaysUntilWhen() {
    server.answering(request -> Answer.json(200, SUSPENDED));

    Outcome outcome = ferry("schedules", "suspend", "nightly", "--until", "2026-12-01T00:00:00Z", "--reason", "migration");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out().strip()).isEqualTo("suspended nightly until 2026-12-01T00:00:00Z: migration");
    StandInServer.Request request = server.requests().getFirst();
    assertThat(request.uri().getPath()).isEqualTo("/api/v1/workspaces/default/schedules/nightly/suspend");
    JsonNode body = JsonMapper.shared().readTree(request.body());
    assertThat(body.get("until").asString()).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(body.get("reason").asString()).isEqualTo("migration");
    assertThat(body.has("for")).isFalse();
    assertThat(body.get("requestedBy").asString()).endsWith("(ferry cli)");
  }

  @Test
  void suspendForADurationSendsFor() {
    server.answering(request -> Answer.json(200, SUSPENDED));

    assertThat(ferry("schedules", "suspend", "nightly", "--for", "2h").exitCode()).isZero();

    assertThat(JsonMapper.shared().readTree(server.requests().getFirst().body()).get("for").asString()).isEqualTo("2h");
  }

  @Test
  void untilAndForTogetherAreAUsageError() {
    Outcome outcome = ferry("schedules", "suspend", "nightly", "--for", "2h", "--until", "2026-12-01T00:00:00Z");

    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void resumePostsAndPrintsTheNextRun() {
    server.answering(request -> Answer.json(200, RUNNING));

    Outcome outcome = ferry("schedules", "resume", "hourly");

    assertThat(outcome.exitCode()).isZero();
    assertThat(server.requests().getFirst().uri().getPath()).isEqualTo("/api/v1/workspaces/default/schedules/hourly/resume");
    assertThat(outcome.out().strip()).isEqualTo("resumed hourly; next run 2026-11-25T11:00:00Z");
  }

  @Test
  void listShowsWhichSchedulesAreSuspended() {
    server.answering(request -> Answer.json(200, "[" + SUSPENDED + "," + RUNNING + "]"));

    Outcome outcome = ferry("schedules", "list");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out()).containsPattern("nightly +0 2 \\* \\* \\* +UTC +suspended until 2026-12-01T00:00:00Z")
        .containsPattern("hourly +0 \\* \\* \\* \\* +UTC +2026-11-25T11:00:00Z");
  }
}
