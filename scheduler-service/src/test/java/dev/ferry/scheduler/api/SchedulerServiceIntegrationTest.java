package dev.ferry.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.RunCancelRequested;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStarted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Trigger;
import dev.ferry.scheduler.SchedulerApplication;
import dev.ferry.scheduler.trigger.TickRunIds;
import dev.ferry.testing.Clocks;
import dev.ferry.testing.Events;
import dev.ferry.testing.HttpProbe;
import dev.ferry.testing.KafkaProbe;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/** The scheduler service on a real broker: the API, cron firing, and run state folded from the topics. */
@Tag("integration")
@SpringBootTest(classes = SchedulerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.name=scheduler", "ferry.scheduler.schedules-file=src/test/resources/schedules/ferry_schedules.yml"})
@Import(SchedulerServiceIntegrationTest.ShiftedClock.class)
class SchedulerServiceIntegrationTest extends RunningScheduler {

  @TestConfiguration
  static class ShiftedClock {
    @Bean
    @Primary
    Clock shiftedClock() {
      // Stands 1.5 s before a minute boundary when cron firing starts, so every-minute fires almost at once.
      return Clocks.justBeforeAMinute(Duration.ofMillis(1500));
    }
  }

  @Test
  void listsTheSchedulesOfTheFile() throws Exception {
    HttpResponse<byte[]> response = get("/api/v1/workspaces/default/schedules");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode schedules = json.readTree(response.body());
    assertThat(schedules.findValuesAsString("name")).containsExactly("nightly", "every-minute", "adhoc");
    JsonNode nightly = schedules.get(0);
    assertThat(nightly.get("schedule").asString()).isEqualTo("0 2 * * *");
    assertThat(nightly.get("commands").get(0).asString()).isEqualTo("dbt build");
    assertThat(nightly.get("nextFireAt").asString()).endsWith("Z");
    assertThat(schedules.get(2).get("nextFireAt").isNull()).isTrue();
    assertThat(schedules.get(2).get("commands").valueStream().map(JsonNode::asString))
        .containsExactly("dbt run", "dbt docs generate");
    assertThat(schedules.get(2).get("continueOnFailure").valueStream().map(JsonNode::asInt))
        .as("the positions of the commands the run goes on after").containsExactly(0);
    assertThat(nightly.get("continueOnFailure")).isEmpty();
  }

  @Test
  void aTriggerPutsARunRequestedOnKafkaAndTheRunCanBeReadBackAtOnce() throws Exception {
    HttpResponse<String> response = post("/api/v1/workspaces/default/schedules/nightly/runs",
        "{\"trigger\": \"manual\", \"requestedBy\": \"alice\"}");

    assertThat(response.statusCode()).isEqualTo(202);
    String runId = json.readTree(response.body()).get("runId").asString();
    assertThat(response.headers().firstValue("Location")).contains("/api/v1/runs/" + runId);

    ConsumerRecord<String, RunRequested> record =
        KafkaProbe.awaitRecord(topics.runRequested(), r -> r.value().getRunId().equals(runId));
    assertThat(record.key()).isEqualTo("default/nightly");
    assertThat(record.value().getTrigger()).isEqualTo(Trigger.MANUAL);
    assertThat(record.value().getRequestedBy()).isEqualTo("alice");
    assertThat(record.value().getCommands().getFirst().getArgs()).containsExactly("build");
    assertThat(record.value().getTarget()).isEqualTo("prod");
    assertThat(record.value().getProject().getSubdirectory()).isEqualTo("jaffle_shop");
    assertThat(record.value().getEnvironment()).containsExactly(java.util.Map.entry("TEAM", "finance"));
    assertThat(record.value().getSecretEnvironment()).as("the secret's name, never a value")
        .containsExactly(java.util.Map.entry("DBT_PASSWORD", "WAREHOUSE_PASSWORD"));
    assertThat(record.value().getRuntimeVariableAliases()).containsExactly("dbt_cloud");

    JsonNode run = json.readTree(get("/api/v1/runs/" + runId).body());
    assertThat(run.get("status").asString()).isEqualTo("REQUESTED");
    assertThat(run.get("trigger").asString()).isEqualTo("manual");
  }

  @Test
  void foldsTheRunnersEventsIntoTheRunsState() throws Exception {
    String runId = json.readTree(post("/api/v1/workspaces/default/schedules/adhoc/runs", "").body())
        .get("runId").asString();

    KafkaProbe.send(topics.runEvents(), runId, RunStarted.newBuilder().setRunId(runId).setWorkspace("default")
        .setSchedule("adhoc").setStartedAt(Instant.now()).setWorker("runner-1").setGitSha("abc123").build());
    awaitStatus(runId, "RUNNING");

    RunCompleted completed = Events.aRunCompleted().setRunId(runId).setSchedule("adhoc").setStatus(RunStatus.FAILED)
        .setMessage("dbt build exited 1").build();
    KafkaProbe.send(topics.runCompleted(), "default/adhoc", completed);
    awaitStatus(runId, "FAILED");

    JsonNode run = json.readTree(get("/api/v1/runs/" + runId).body());
    assertThat(run.get("message").asString()).isEqualTo("dbt build exited 1");
    assertThat(run.get("finished").asBoolean()).isTrue();
    JsonNode history = json.readTree(get("/api/v1/workspaces/default/schedules/adhoc/runs?limit=5").body());
    assertThat(history.findValuesAsString("runId")).contains(runId);
  }

  @Test
  void aCancelOfALiveRunGoesToTheRunnersAndOneOfAnEndedRunIsAConflict() throws Exception {
    String runId = json.readTree(post("/api/v1/workspaces/default/schedules/adhoc/runs", "").body())
        .get("runId").asString();
    awaitStatus(runId, "REQUESTED");

    HttpResponse<String> accepted = post("/api/v1/runs/" + runId + "/cancel", "{\"requestedBy\": \"ana\"}");

    assertThat(accepted.statusCode()).isEqualTo(202);
    ConsumerRecord<String, RunCancelRequested> cancel =
        KafkaProbe.awaitRecord(topics.runControl(), r -> r.value().getRunId().equals(runId));
    assertThat(cancel.key()).isEqualTo(runId);
    assertThat(cancel.value().getRequestedBy()).isEqualTo("ana");
    assertThat(cancel.value().getSchedule()).isEqualTo("adhoc");

    KafkaProbe.send(topics.runCompleted(), "default/adhoc", Events.aRunCompleted().setRunId(runId).setSchedule("adhoc")
        .setStatus(RunStatus.CANCELLED).setMessage("cancelled by ana while it ran").build());
    awaitStatus(runId, "CANCELLED");
    HttpResponse<String> conflict = post("/api/v1/runs/" + runId + "/cancel", "");
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(json.readTree(conflict.body()).get("detail").asString()).contains("ended already (CANCELLED)");
    assertThat(post("/api/v1/runs/" + java.util.UUID.randomUUID() + "/cancel", "").statusCode()).isEqualTo(404);
  }

  @Test
  void firesACronTickUnderTheRunIdDerivedFromIt() {
    ConsumerRecord<String, RunRequested> fired = KafkaProbe.awaitRecord(topics.runRequested(),
        r -> r.value().getSchedule().equals("every-minute"));

    assertThat(fired.value().getTrigger()).isEqualTo(Trigger.SCHEDULER);
    assertThat(fired.value().getRunId())
        .isEqualTo(TickRunIds.forTick("default", "every-minute", fired.value().getScheduledTick()));
    assertThat(fired.value().getScheduledTick().getEpochSecond() % 60).isZero();
    assertThat(fired.key()).isEqualTo("default/every-minute");
  }

  @Test
  void anUnknownScheduleIsA404ProblemNamingIt() throws Exception {
    HttpResponse<String> response = post("/api/v1/workspaces/default/schedules/nope/runs", "");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("detail").asString()).isEqualTo("No schedule 'nope' in workspace 'default'");
    assertThat(problem.get("schedule").asString()).isEqualTo("nope");
  }

  @Test
  void aMalformedRunIdIsA400AndAnUnknownOneA404() throws Exception {
    assertThat(get("/api/v1/runs/..%2F..%2Fetc").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/runs/" + Events.aRunId()).statusCode()).isEqualTo(404);
  }

  @Test
  void actuatorExposesHealthInfoAndPrometheusOnly() throws Exception {
    await("ready once every topic it rebuilds state from has been read").atMost(Duration.ofSeconds(30))
        .until(() -> get("/actuator/health/readiness").statusCode() == 200);
    assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(200);
    assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
    assertThat(get("/actuator/beans").statusCode()).isEqualTo(404);
  }

  private void awaitStatus(String runId, String status) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(json.readTree(get("/api/v1/runs/" + runId).body()).get("status").asString()).isEqualTo(status));
  }

  private HttpResponse<byte[]> get(String path) {
    return HttpProbe.get(uri(path));
  }
}
