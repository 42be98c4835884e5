package dev.ferry.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStarted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.ScheduleTick;
import dev.ferry.events.Topics;
import dev.ferry.scheduler.SchedulerApplication;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.ObjectMapper;

/**
 * The scheduler service on a real broker skips the ticks of a {@code concurrency: forbid} schedule
 * while its run is in progress (started, not completed), records each skip on the ticks topic and
 * in {@code ferry_schedule_skipped_total{reason="concurrency"}}, and fires again once the run has
 * completed. Time runs 30 times faster (a minute every two seconds) from a clock that stands still
 * until the replica owns the schedule.
 */
@Tag("integration")
@SpringBootTest(classes = SchedulerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.name=scheduler",
        "ferry.scheduler.schedules-file=src/test/resources/schedules/forbid/ferry_schedules.yml"})
@Import(FastFiringTime.class)
class ConcurrencyForbidIntegrationTest {

  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedInfrastructure.serviceProperties(PREFIX, "scheduler-forbid-test").forEach(registry::add);
  }

  @LocalServerPort
  int port;

  @Autowired
  Topics topics;

  @Autowired
  TickFiring firing;

  @Autowired
  Clocks.FastClock clock;

  @Autowired
  ObjectMapper json;

  @Test
  void skipsTicksWhileARunIsInProgressAndRecordsAndCountsEachSkip() {
    await().atMost(Duration.ofSeconds(60)).until(() -> firing.ownedSchedules() == 1);
    clock.run();
    RunRequested first = KafkaProbe.awaitRecord(topics.runRequested(),
        r -> r.value().getSchedule().equals("guarded")).value();
    String runId = first.getRunId();
    KafkaProbe.send(topics.runEvents(), runId, RunStarted.newBuilder().setRunId(runId).setWorkspace("default")
        .setSchedule("guarded").setStartedAt(clock.instant()).setWorker("runner-1").build());
    awaitStatus(runId, "RUNNING");

    ScheduleTick skipped = KafkaProbe.awaitRecord(topics.schedulerTicks(),
        r -> "concurrency".equals(r.value().getSkipped())).value();
    assertThat(skipped.getSkipped()).isEqualTo("concurrency");
    assertThat(skipped.getRunId()).isNull();
    assertThat(skipped.getTick()).isAfter(first.getScheduledTick());

    KafkaProbe.send(topics.runCompleted(), "default/guarded", Events.aRunCompleted().setRunId(runId)
        .setSchedule("guarded").setStatus(RunStatus.SUCCEEDED).build());
    awaitStatus(runId, "SUCCEEDED");
    Instant completedBy = clock.instant();
    RunRequested next = KafkaProbe.awaitRecord(topics.runRequested(),
        r -> r.value().getScheduledTick().isAfter(completedBy)).value();

    List<ScheduleTick> decided = KafkaProbe.readAllCommitted(topics.schedulerTicks()).stream()
        .map(ConsumerRecord::value).filter(t -> t.getTick().isBefore(next.getScheduledTick()))
        .filter(t -> !"new_schedule".equals(t.getSkipped())).toList();
    assertThat(decided.getFirst().getRunId()).isEqualTo(runId);
    assertThat(decided.subList(1, decided.size())).as("every tick between the two runs was skipped")
        .isNotEmpty().allSatisfy(t -> assertThat(t.getSkipped()).isEqualTo("concurrency"));
    assertThat(KafkaProbe.readAllCommitted(topics.runRequested())).extracting(r -> r.value().getScheduledTick())
        .as("no run was requested while the first was in progress")
        .noneMatch(tick -> tick.isAfter(first.getScheduledTick()) && tick.isBefore(next.getScheduledTick()));

    String metrics = new String(HttpProbe.get(uri("/actuator/prometheus")).body(), StandardCharsets.UTF_8);
    assertThat(metrics)
        .containsPattern("ferry_schedule_skipped_total\\{[^}]*reason=\"concurrency\"[^}]*\\} " + (decided.size() - 1) + "\\.0")
        .containsPattern("ferry_schedule_fires_total\\{[^}]*schedule=\"guarded\",trigger=\"scheduler\"[^}]*\\} [2-9]")
        .contains("ferry_schedule_fire_delay_seconds_bucket{")
        .contains("ferry_schedules_owned 1.0")
        .contains("ferry_schedule_fenced_total 0.0");
  }

  private void awaitStatus(String runId, String status) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
        json.readTree(HttpProbe.get(uri("/api/v1/runs/" + runId)).body()).get("status").asString()).isEqualTo(status));
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
