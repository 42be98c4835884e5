package dev.ferry.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.ScheduleTick;
import dev.ferry.scheduler.trigger.TickRunIds;
import dev.ferry.schedules.CatchUpMode;
import dev.ferry.schedules.Schedule;
import dev.ferry.testing.Clocks;
import dev.ferry.testing.KafkaProbe;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every scheduler was down from 10:00:30 to 10:10:35: the tick records say each schedule last
 * fired at 10:00, and a replica starts at 10:10:35 with a misfire threshold of 20 s, so the ticks
 * 10:01 to 10:10 were missed. Each schedule's {@code catch_up} decides which of them fire. The
 * clock stands still until the replica has decided, then runs 10 times faster to the next tick.
 */
@Tag("integration")
class CatchUpAfterDowntimeTest {

  private static final Instant LAST_FIRED = Instant.parse("2026-06-01T10:00:00Z");
  private static final Instant RESTART = Instant.parse("2026-06-01T10:10:35Z");
  private static final Instant NEXT = Instant.parse("2026-06-01T10:11:00Z");

  private final Replicas replicas = new Replicas();

  @AfterEach
  void stop() {
    replicas.close();
  }

  @Test
  void firesTheMissedTicksEachCatchUpPolicyAsksForThenResumes() {
    List<Schedule> schedules = List.of(
        Replicas.schedule("none", "* * * * *", ZoneOffset.UTC, b -> b.catchUp(CatchUpMode.NONE, 0)),
        Replicas.schedule("latest", "* * * * *", ZoneOffset.UTC, b -> { }),
        Replicas.schedule("all", "* * * * *", ZoneOffset.UTC, b -> b.catchUp(CatchUpMode.ALL, 3)),
        Replicas.schedule("never-fired", "* * * * *", ZoneOffset.UTC, b -> b.catchUp(CatchUpMode.ALL, 3)));
    for (String name : List.of("none", "latest", "all")) {
      KafkaProbe.send(replicas.topics.schedulerTicks(), "default/" + name, ScheduleTick.newBuilder()
          .setWorkspace("default").setSchedule(name).setTick(LAST_FIRED)
          .setRunId(TickRunIds.forTick("default", name, LAST_FIRED)).setFiredAt(LAST_FIRED).setFiredBy("old").build());
    }
    Clocks.FastClock clock = Clocks.fast(RESTART, 10);
    var replica = replicas.start("r", schedules, Replicas.noRunsInProgress(), clock, 10, Duration.ofSeconds(20));
    await().atMost(Duration.ofSeconds(60)).until(() -> replica.firing().ownedSchedules() == 4);
    clock.run();

    await().atMost(Duration.ofSeconds(30)).until(() -> replicas.firedTicksBySchedule().values().stream()
        .filter(ticks -> ticks.contains(NEXT)).count() == 4);

    Map<String, List<Instant>> fired = replicas.firedTicksBySchedule();
    assertThat(fired.get("none")).containsExactly(NEXT);
    assertThat(fired.get("latest")).containsExactly(minute(10), NEXT);
    assertThat(fired.get("all")).containsExactly(minute(8), minute(9), minute(10), NEXT);
    assertThat(fired.get("never-fired")).as("no record, so nothing to catch up").containsExactly(NEXT);
    assertThat(replica.counter("ferry.schedule.skipped", "reason", "catch_up")).isEqualTo(10 + 9 + 7);
    assertThat(replicas.committedTicks()).filteredOn(t -> t.getSchedule().equals("none") && t.getSkipped() != null)
        .singleElement().satisfies(t -> {
          assertThat(t.getTick()).as("the newest missed tick, so the next owner does not count them again")
              .isEqualTo(minute(10));
          assertThat(t.getSkipped()).isEqualTo("catch_up");
          assertThat(t.getRunId()).isNull();
        });
    assertThat(replicas.committedTicks()).filteredOn(t -> t.getSchedule().equals("never-fired") && t.getRunId() == null)
        .singleElement().satisfies(t -> {
          assertThat(t.getTick()).as("its newest tick before it was first owned, where a next owner would start")
              .isEqualTo(minute(10));
          assertThat(t.getSkipped()).isEqualTo("new_schedule");
        });
    assertThat(replica.meters().find("ferry.schedule.fire.delay").timer().max(java.util.concurrent.TimeUnit.SECONDS))
        .as("the oldest caught-up tick was fired 2 min 35 s late").isGreaterThanOrEqualTo(155);
  }

  private static Instant minute(int minute) {
    return LAST_FIRED.plus(Duration.ofMinutes(minute));
  }
}
