package dev.ferry.scheduler.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.RunCancelRequested;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunHeartbeat;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStarted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Topics;
import dev.ferry.events.Trigger;
import dev.ferry.scheduler.SchedulerApplication;
import dev.ferry.scheduler.api.FastFiringTime;
import dev.ferry.scheduler.firing.TickFiring;
import dev.ferry.testing.Clocks;
import dev.ferry.testing.Events;
import dev.ferry.testing.HttpProbe;
import dev.ferry.testing.KafkaProbe;
import dev.ferry.testing.SharedInfrastructure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The run lifecycle of the scheduler service on the real broker, with the test standing in for
 * the runners (it publishes their RunStarted, RunHeartbeat and RunCompleted) and a real local
 * HTTP server standing in for the webhooks. Time runs 30 times faster once the replica owns every
 * partition: {@code lost-after} of a minute is two seconds, a backoff of a minute too.
 */
@Tag("integration")
@SpringBootTest(classes = SchedulerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.name=scheduler",
        "ferry.scheduler.schedules-file=src/test/resources/schedules/lifecycle/ferry_schedules.yml",
        "ferry.scheduler.lost-after=1m", "ferry.scheduler.notifications.backoff=200ms",
        "ferry.scheduler.notifications.base-url=https://ferry.example.com/"})
@Import(FastFiringTime.class)
class RunLifecycleIntegrationTest {

  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();
  private static final WebhookServer HOOKS = new WebhookServer().failFirst("/failure", 1);

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedInfrastructure.serviceProperties(PREFIX, "scheduler-lifecycle-test").forEach(registry::add);
    registry.add("ferry.scheduler.secrets.FAILURE_HOOK", () -> HOOKS.url("/failure"));
    registry.add("ferry.scheduler.secrets.SUCCESS_HOOK", () -> HOOKS.url("/success"));
    registry.add("ferry.scheduler.secrets.SLA_HOOK", () -> HOOKS.url("/sla"));
  }

  @AfterAll
  static void stopHooks() {
    HOOKS.close();
  }

  private final int port;
  private final Topics topics;
  private final TickFiring firing;
  private final Clocks.FastClock clock;
  private final ObjectMapper json;

  @Autowired
  RunLifecycleIntegrationTest(@LocalServerPort int port, Topics topics, TickFiring firing, Clocks.FastClock clock,
      ObjectMapper json) {
    this.port = port;
    this.topics = topics;
    this.firing = firing;
    this.clock = clock;
    this.json = json;
  }

  @BeforeEach
  void ownEveryPartition() {
    await().atMost(Duration.ofSeconds(60))
        .until(() -> firing.ownedPartitions().size() == topics.schedulerTicks().partitions());
    clock.run();
  }

  @Test
  void aRunThatStopsHeartbeatingIsLostAndRetriedAsAttemptTwoWithItsOriginalRequest() {
    String runId = Events.aRunId();
    RunRequested original = Events.aRunRequested().setRunId(runId).setSchedule("flaky").setTrigger(Trigger.API)
        .setRequestedAt(clock.instant()).setCommands(List.of(Events.aDbtCommand("build", "--select", "orders")))
        .setEnvironment(Map.of("DBT_THREADS", "4")).setRequestedBy("alice").build();
    KafkaProbe.send(topics.runRequested(), "default/flaky", original);
    KafkaProbe.send(topics.runEvents(), runId, RunStarted.newBuilder().setRunId(runId).setWorkspace("default")
        .setSchedule("flaky").setStartedAt(clock.instant()).setWorker("runner-7").build());
    KafkaProbe.send(topics.runEvents(), runId, RunHeartbeat.newBuilder().setRunId(runId).setWorkspace("default")
        .setSchedule("flaky").setAt(clock.instant()).setWorker("runner-7").build());

    RunCompleted lost = KafkaProbe.awaitRecord(topics.runCompleted(), r -> r.value().getRunId().equals(runId)).value();
    RunRequested retry = KafkaProbe.awaitRecord(topics.runRequested(),
        r -> r.value().getRunId().equals(runId) && r.value().getAttempt() == 2).value();

    assertThat(lost.getStatus()).isEqualTo(RunStatus.LOST);
    assertThat(lost.getAttempt()).isEqualTo(1);
    assertThat(lost.getMessage()).contains("no heartbeat from worker runner-7");
    RunCancelRequested stop = KafkaProbe.awaitRecord(topics.runControl(), r -> r.key().equals(runId)).value();
    assertThat(stop.getAttempt()).as("the lost attempt is stopped wherever it still runs, never the retry").isEqualTo(1);
    assertThat(retry.getCommands()).isEqualTo(original.getCommands());
    assertThat(retry.getEnvironment()).isEqualTo(original.getEnvironment());
    assertThat(retry.getTrigger()).isEqualTo(Trigger.API);
    assertThat(retry.getRequestedBy()).contains("retry 1 of 2 after LOST");
    assertThat(retry.getRequestedAt()).isAfterOrEqualTo(lost.getFinishedAt().plus(Duration.ofMinutes(1)));
    awaitStatus(runId, "REQUESTED");
    assertThat(prometheus())
        .containsPattern("ferry_scheduler_runs_lost_total\\{schedule=\"flaky\",workspace=\"default\"\\} 1\\.0")
        .containsPattern("ferry_scheduler_run_retries_total\\{schedule=\"flaky\",workspace=\"default\"\\} [1-9]");
  }

  @Test
  void aFailedRunIsRetriedTwiceThenStopsAndItsFailureIsNotifiedOnceDeliveredAfterA500() {
    String runId = Events.aRunId();
    KafkaProbe.send(topics.runRequested(), "default/flaky", Events.aRunRequested().setRunId(runId)
        .setSchedule("flaky").setRequestedAt(clock.instant()).build());
    for (int attempt = 1; attempt <= 3; attempt++) {
      int current = attempt;
      if (attempt > 1) {
        KafkaProbe.awaitRecord(topics.runRequested(),
            r -> r.value().getRunId().equals(runId) && r.value().getAttempt() == current);
      }
      KafkaProbe.send(topics.runCompleted(), "default/flaky", Events.aRunCompleted().setRunId(runId)
          .setSchedule("flaky").setAttempt(attempt).setStatus(RunStatus.FAILED).setStartedAt(clock.instant())
          .setFinishedAt(clock.instant()).setMessage("dbt build exited 1").build());
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> HOOKS.calls("/failure").stream()
        .filter(c -> c.body().contains(runId)).count() >= 2);
    List<WebhookServer.Call> calls = HOOKS.calls("/failure").stream().filter(c -> c.body().contains(runId)).toList();
    assertThat(calls).as("answered 500 first, then delivered").hasSize(2);
    JsonNode payload = json.readTree(calls.getLast().body());
    assertThat(calls.getLast().contentType()).isEqualTo("application/json");
    assertThat(payload.get("event").asString()).isEqualTo("failure");
    assertThat(payload.get("workspace").asString()).isEqualTo("default");
    assertThat(payload.get("schedule").asString()).isEqualTo("flaky");
    assertThat(payload.get("runId").asString()).isEqualTo(runId);
    assertThat(payload.get("attempt").asInt()).isEqualTo(3);
    assertThat(payload.get("status").asString()).isEqualTo("FAILED");
    assertThat(payload.get("trigger").asString()).isEqualTo("manual");
    assertThat(payload.get("message").asString()).isEqualTo("dbt build exited 1");
    assertThat(Instant.parse(payload.get("finishedAt").asString())).isNotNull();
    assertThat(payload.get("links").get("run").asString()).isEqualTo("https://ferry.example.com/api/v1/runs/" + runId);
    assertThat(KafkaProbe.readAllCommitted(topics.runRequested())).map(ConsumerRecord::value)
        .filteredOn(r -> r.getRunId().equals(runId)).as("the first attempt and two retries, no more")
        .extracting(RunRequested::getAttempt).containsExactly(1, 2, 3);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(prometheus())
        .contains("ferry_notifications_total{event=\"failure\",result=\"delivered\"} 1.0"));
  }

  @Test
  void aCancelledRunIsNotRetried() {
    String cancelled = Events.aRunId();
    String failed = Events.aRunId();
    for (String runId : List.of(cancelled, failed)) {
      KafkaProbe.send(topics.runRequested(), "default/flaky", Events.aRunRequested().setRunId(runId)
          .setSchedule("flaky").setRequestedAt(clock.instant()).build());
    }
    KafkaProbe.send(topics.runCompleted(), "default/flaky", Events.aRunCompleted().setRunId(cancelled)
        .setSchedule("flaky").setStatus(RunStatus.CANCELLED).setStartedAt(clock.instant())
        .setFinishedAt(clock.instant()).build());
    assertNotRetriedWhileAFailureEndingAfterItIs(cancelled, failed);
  }

  @Test
  void aCancelledRunWhoseRunnerDiesEndsCancelledNotLostAndIsNotRetried() {
    String cancelled = Events.aRunId();
    KafkaProbe.send(topics.runRequested(), "default/flaky", Events.aRunRequested().setRunId(cancelled)
        .setSchedule("flaky").setRequestedAt(clock.instant()).build());
    awaitStatus(cancelled, "REQUESTED");
    assertThat(HttpProbe.post(uri("/api/v1/runs/" + cancelled + "/cancel"), "{\"requestedBy\": \"ana\"}")
        .statusCode()).isEqualTo(202);
    KafkaProbe.send(topics.runEvents(), cancelled, RunStarted.newBuilder().setRunId(cancelled).setWorkspace("default")
        .setSchedule("flaky").setStartedAt(clock.instant()).setWorker("runner-9").build());

    RunCompleted ended = KafkaProbe.awaitRecord(topics.runCompleted(), r -> r.value().getRunId().equals(cancelled)).value();
    assertThat(ended.getStatus()).isEqualTo(RunStatus.CANCELLED);
    assertThat(ended.getMessage()).startsWith("cancelled by ana; no heartbeat from worker runner-9");

    String failed = Events.aRunId();
    KafkaProbe.send(topics.runRequested(), "default/flaky", Events.aRunRequested().setRunId(failed)
        .setSchedule("flaky").setRequestedAt(clock.instant()).build());
    assertNotRetriedWhileAFailureEndingAfterItIs(cancelled, failed);
  }

  /**
   * Ends {@code failed} FAILED, awaits its retry, and checks that {@code cancelled}, which ended
   * before it, was never requested again: its retry would have been due first.
   */
  private void assertNotRetriedWhileAFailureEndingAfterItIs(String cancelled, String failed) {
    KafkaProbe.send(topics.runCompleted(), "default/flaky", Events.aRunCompleted().setRunId(failed)
        .setSchedule("flaky").setStatus(RunStatus.FAILED).setStartedAt(clock.instant())
        .setFinishedAt(clock.instant()).build());
    KafkaProbe.awaitRecord(topics.runRequested(), r -> r.value().getRunId().equals(failed) && r.value().getAttempt() == 2);
    assertThat(KafkaProbe.readAllCommitted(topics.runRequested())).map(ConsumerRecord::value)
        .as("the failed run, which ended after it, was retried; the cancelled one was not")
        .filteredOn(r -> r.getRunId().equals(cancelled)).extracting(RunRequested::getAttempt).containsExactly(1);
  }

  @Test
  void onCompletionFiresTheDownstreamScheduleOnceOnSuccessAndNotOnFailure() {
    String succeeded = Events.aRunId();
    String failed = Events.aRunId();
    String later = Events.aRunId();
    completeUpstream(succeeded, RunStatus.SUCCEEDED);
    String downstreamOfSuccess = CompletionRunIds.forCompletion("default", "downstream", succeeded);
    RunRequested fired = KafkaProbe.awaitRecord(topics.runRequested(),
        r -> r.value().getRunId().equals(downstreamOfSuccess)).value();
    completeUpstream(failed, RunStatus.FAILED);
    completeUpstream(later, RunStatus.SUCCEEDED);
    String downstreamOfLater = CompletionRunIds.forCompletion("default", "downstream", later);
    KafkaProbe.awaitRecord(topics.runRequested(), r -> r.value().getRunId().equals(downstreamOfLater));

    assertThat(fired.getSchedule()).isEqualTo("downstream");
    assertThat(fired.getTrigger()).isEqualTo(Trigger.ON_COMPLETION);
    assertThat(fired.getRequestedBy()).isEqualTo("on completion of upstream run " + succeeded + " (SUCCEEDED)");
    assertThat(fired.getCommands()).extracting(c -> c.getArgs()).containsExactly(List.of("run", "--select", "marts"));
    List<RunRequested> downstream = KafkaProbe.readAllCommitted(topics.runRequested()).stream()
        .map(ConsumerRecord::value).filter(r -> r.getSchedule().equals("downstream")).toList();
    assertThat(downstream).extracting(RunRequested::getRunId).as("once per successful upstream run, none for the failed one")
        .containsExactlyInAnyOrder(downstreamOfSuccess, downstreamOfLater)
        .doesNotContain(CompletionRunIds.forCompletion("default", "downstream", failed));
    await().atMost(Duration.ofSeconds(10)).until(() -> HOOKS.calls("/success").stream()
        .anyMatch(c -> c.body().contains(succeeded) && c.body().contains("\"event\":\"success\"")));
  }

  @Test
  void aCronRunNotSucceededByItsTickPlusSlaIsNotifiedOnce() {
    RunRequested tick = KafkaProbe.awaitRecord(topics.runRequested(),
        r -> r.value().getSchedule().equals("promised")).value();
    await().atMost(Duration.ofSeconds(60)).until(() -> !HOOKS.calls("/sla").isEmpty());
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
        .until(() -> HOOKS.calls("/sla").size() == 1);

    JsonNode payload = json.readTree(HOOKS.calls("/sla").getFirst().body());
    assertThat(payload.get("event").asString()).isEqualTo("sla_miss");
    assertThat(payload.get("runId").asString()).isEqualTo(tick.getRunId());
    assertThat(payload.get("status").asString()).isEqualTo("REQUESTED");
    assertThat(Instant.parse(payload.get("scheduledTick").asString())).isEqualTo(tick.getScheduledTick());
    assertThat(Instant.parse(payload.get("slaDeadline").asString()))
        .isEqualTo(tick.getScheduledTick().plus(Duration.ofMinutes(5)));
    assertThat(prometheus())
        .contains("ferry_schedule_sla_misses_total{schedule=\"promised\",workspace=\"default\"} 1.0")
        .contains("ferry_schedule_sla_seconds{schedule=\"promised\",workspace=\"default\"} 300.0")
        .contains("ferry_notifications_total{event=\"sla_miss\",result=\"delivered\"} 1.0");
  }

  private void completeUpstream(String runId, RunStatus status) {
    KafkaProbe.send(topics.runRequested(), "default/upstream", Events.aRunRequested().setRunId(runId)
        .setSchedule("upstream").setRequestedAt(clock.instant()).build());
    KafkaProbe.send(topics.runCompleted(), "default/upstream", Events.aRunCompleted().setRunId(runId)
        .setSchedule("upstream").setTrigger(Trigger.MANUAL).setStatus(status).setStartedAt(clock.instant())
        .setFinishedAt(clock.instant()).build());
  }

  private void awaitStatus(String runId, String status) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
        json.readTree(HttpProbe.get(uri("/api/v1/runs/" + runId)).body()).get("status").asString()).isEqualTo(status));
  }

  private String prometheus() {
    return new String(HttpProbe.get(uri("/actuator/prometheus")).body(), StandardCharsets.UTF_8);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
