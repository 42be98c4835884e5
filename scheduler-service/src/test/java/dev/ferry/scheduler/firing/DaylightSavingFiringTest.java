package dev.ferry.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.schedules.CatchUpMode;
import dev.ferry.schedules.Schedule;
import dev.ferry.testing.Clocks;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Schedules in Europe/Berlin fire the wall-clock times docs/schedules.md promises across both
 * changes of 2026, each once, through the whole firing path. Time runs 1800 times faster (half an
 * hour a second), so a night takes seconds.
 */
@Tag("integration")
class DaylightSavingFiringTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final int SPEED_UP = 1800;

  private final Replicas replicas = new Replicas();

  @AfterEach
  void stop() {
    replicas.close();
  }

  @Test
  void springForwardFiresTheMissingHourOnceAtTheEndOfTheGap() {
    Map<String, List<Instant>> fired = fireThrough(Instant.parse("2026-03-28T23:10:00Z"),
        Instant.parse("2026-03-29T03:00:00Z"));

    assertThat(fired.get("hourly")).containsExactly(utc("2026-03-29T00:00:00Z"), utc("2026-03-29T01:00:00Z"),
        utc("2026-03-29T02:00:00Z"), utc("2026-03-29T03:00:00Z"));
    assertThat(fired.get("daily")).as("02:30 does not exist; fired at 03:00 CEST").containsExactly(utc("2026-03-29T01:00:00Z"));
  }

  @Test
  void fallBackFiresTheRepeatedHourOnceAtItsFirstOccurrence() {
    Map<String, List<Instant>> fired = fireThrough(Instant.parse("2026-10-24T23:10:00Z"),
        Instant.parse("2026-10-25T03:00:00Z"));

    assertThat(fired.get("hourly")).as("no run at 01:00Z, the second 02:00")
        .containsExactly(utc("2026-10-25T00:00:00Z"), utc("2026-10-25T02:00:00Z"), utc("2026-10-25T03:00:00Z"));
    assertThat(fired.get("daily")).as("02:30 CEST, the first 02:30").containsExactly(utc("2026-10-25T00:30:00Z"));
  }

  private Map<String, List<Instant>> fireThrough(Instant start, Instant lastHourly) {
    // catch_up all: a pause of the test machine longer than the misfire threshold (33 ms of real time
    // at this speed) must not turn a tick into a skipped one; which wall-clock times fire is the point.
    List<Schedule> schedules = List.of(
        Replicas.schedule("hourly", "0 * * * *", BERLIN, b -> b.catchUp(CatchUpMode.ALL, 10)),
        Replicas.schedule("daily", "30 2 * * *", BERLIN, b -> b.catchUp(CatchUpMode.ALL, 10)));
    Clocks.FastClock clock = Clocks.fast(start, SPEED_UP);
    var replica = replicas.start("r", schedules, Replicas.noRunsInProgress(), clock, SPEED_UP, Duration.ofMinutes(1));
    await().atMost(Duration.ofSeconds(60)).until(() -> replica.firing().ownedSchedules() == 2);
    clock.run();
    await().atMost(Duration.ofSeconds(60)).until(() ->
        replicas.firedTicksBySchedule().getOrDefault("hourly", List.of()).contains(lastHourly));
    replicas.close();
    return replicas.firedTicksBySchedule();
  }

  private static Instant utc(String instant) {
    return Instant.parse(instant);
  }
}
