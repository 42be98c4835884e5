package dev.ferry.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.RunRequested;
import dev.ferry.events.ScheduleTick;
import dev.ferry.scheduler.SchedulerApplication;
import dev.ferry.scheduler.firing.TickFiring;
import dev.ferry.testing.Clocks;
import dev.ferry.testing.KafkaProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Suspending a schedule on the real broker: its ticks are skipped, recorded (reason
 * {@code suspended}) and counted; a resume fires the next tick and catches none of the skipped ones
 * up; a suspension ends by itself at its {@code until}. Time runs 30 times faster once the replica
 * owns the schedules.
 */
@Tag("integration")
@SpringBootTest(classes = SchedulerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.name=scheduler",
        "ferry.scheduler.schedules-file=src/test/resources/schedules/suspend/ferry_schedules.yml"})
@Import(FastFiringTime.class)
class SuspensionIntegrationTest extends RunningScheduler {

  @Autowired
  TickFiring firing;

  @Autowired
  Clocks.FastClock clock;

  @Test
  void ticksOfASuspendedScheduleAreSkippedRecordedAndCountedAndAResumeFiresTheNextOne() {
    await().atMost(Duration.ofSeconds(60)).until(() -> firing.ownedSchedules() == 3);
    assertThat(post("/api/v1/workspaces/default/schedules/minutely/suspend",
        "{\"reason\": \"warehouse maintenance\", \"requestedBy\": \"ana\"}").statusCode()).isEqualTo(200);
    Instant suspendedBy = clock.instant();
    clock.run();

    JsonNode shown = getJson("/api/v1/workspaces/default/schedules/minutely");
    assertThat(shown.get("suspended").asBoolean()).isTrue();
    assertThat(shown.get("suspension").get("reason").asString()).isEqualTo("warehouse maintenance");
    assertThat(shown.get("suspension").get("requestedBy").asString()).isEqualTo("ana");
    assertThat(shown.get("suspension").get("until").isNull()).isTrue();
    await().atMost(Duration.ofSeconds(30)).until(() -> suspendedTicks("minutely").size() >= 2);

    assertThat(post("/api/v1/workspaces/default/schedules/minutely/resume", "{}").statusCode()).isEqualTo(200);
    Instant resumedAt = clock.instant();
    assertThat(getJson("/api/v1/workspaces/default/schedules/minutely").get("suspended").asBoolean()).isFalse();
    RunRequested next = KafkaProbe.awaitRecord(topics.runRequested(),
        r -> r.value().getSchedule().equals("minutely") && r.value().getScheduledTick().isAfter(resumedAt)).value();

    assertThat(next.getScheduledTick()).as("the first tick after the resume fires")
        .isBefore(resumedAt.plus(Duration.ofMinutes(1)));
    List<Instant> skipped = suspendedTicks("minutely");
    assertThat(skipped).allSatisfy(tick -> assertThat(tick).isBefore(next.getScheduledTick()));
    assertThat(runsOf("minutely")).as("nothing fired while it was suspended")
        .noneMatch(tick -> tick.isAfter(suspendedBy) && tick.isBefore(resumedAt));
    assertThat(runsOf("minutely")).as("no skipped tick was caught up after the resume")
        .doesNotContainAnyElementsOf(skipped);
    assertThat(prometheus()).containsPattern(
        "ferry_schedule_skipped_total\\{[^}]*reason=\"suspended\"[^}]*\\} ([2-9]|[1-9][0-9]+)\\.0");
  }

  @Test
  void aSuspensionEndsByItselfAtItsUntil() {
    await().atMost(Duration.ofSeconds(60)).until(() -> firing.ownedSchedules() == 3);
    JsonNode shown = json.readTree(post("/api/v1/workspaces/default/schedules/brief/suspend",
        "{\"for\": \"3m\"}").body());
    Instant suspendedBy = clock.instant();
    clock.run();
    Instant until = Instant.parse(shown.get("suspension").get("until").asString());

    RunRequested after = KafkaProbe.awaitRecord(topics.runRequested(),
        r -> r.value().getSchedule().equals("brief") && !r.value().getScheduledTick().isBefore(until)).value();

    assertThat(after.getScheduledTick()).isBefore(until.plus(Duration.ofMinutes(1)));
    assertThat(suspendedTicks("brief")).isNotEmpty().allSatisfy(tick -> assertThat(tick).isBefore(until));
    assertThat(runsOf("brief")).as("nothing fired while it was suspended")
        .noneMatch(tick -> tick.isAfter(suspendedBy) && tick.isBefore(until));
    assertThat(getJson("/api/v1/workspaces/default/schedules/brief").get("suspended").asBoolean()).isFalse();
  }

  @Test
  void badSuspensionsAre400sNamingTheFieldAndChangeNothing() {
    assertThat(json.readTree(post("/api/v1/workspaces/default/schedules/held/suspend",
        "{\"until\": \"2020-01-01T00:00:00Z\"}").body()).get("field").asString()).isEqualTo("until");
    assertThat(json.readTree(post("/api/v1/workspaces/default/schedules/held/suspend",
        "{\"until\": \"tomorrow\"}").body()).get("field").asString()).isEqualTo("until");
    assertThat(json.readTree(post("/api/v1/workspaces/default/schedules/held/suspend",
        "{\"for\": \"a while\"}").body()).get("field").asString()).isEqualTo("for");
    assertThat(json.readTree(post("/api/v1/workspaces/default/schedules/held/suspend",
        "{\"for\": \"2h\", \"until\": \"2030-01-01T00:00:00Z\"}").body()).get("field").asString()).isEqualTo("for");
    assertThat(post("/api/v1/workspaces/default/schedules/nope/suspend", "{}").statusCode()).isEqualTo(404);

    assertThat(getJson("/api/v1/workspaces/default/schedules/held").get("suspended").asBoolean()).isFalse();
    assertThat(KafkaProbe.readAllCommitted(topics.schedulerSuspensions()))
        .extracting(ConsumerRecord::key).doesNotContain("default/held");
  }

  private List<Instant> suspendedTicks(String schedule) {
    return KafkaProbe.readAllCommitted(topics.schedulerTicks()).stream().map(ConsumerRecord::value)
        .filter(t -> t.getSchedule().equals(schedule) && "suspended".equals(t.getSkipped()))
        .map(ScheduleTick::getTick).toList();
  }

  private List<Instant> runsOf(String schedule) {
    return KafkaProbe.readAllCommitted(topics.runRequested()).stream().map(ConsumerRecord::value)
        .filter(r -> r.getSchedule().equals(schedule)).map(RunRequested::getScheduledTick).toList();
  }

}
