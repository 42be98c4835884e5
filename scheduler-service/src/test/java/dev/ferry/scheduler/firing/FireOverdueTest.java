package dev.ferry.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.scheduler.runs.RunFacts;
import dev.ferry.schedules.Schedule;
import dev.ferry.testing.Clocks;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code ferry_schedule_fire_overdue_seconds}: the owner of a schedule that cannot fire (here its
 * run history never becomes current) reports how far past the schedule's due tick it is, growing
 * with the clock; the owner of one that fires reports 0. Both count their cron schedules.
 */
@Tag("integration")
class FireOverdueTest {

  /** Half a minute before a tick, thirty times faster than real time: a tick every two seconds. */
  private static Clocks.FastClock clock() {
    return Clocks.fast(Instant.parse("2026-06-01T09:59:30Z"), 30);
  }

  @Test
  void theOwnerOfAScheduleThatCannotFireReportsHowOverdueItIs() {
    Clocks.FastClock clock = clock();
    try (Replicas replicas = new Replicas()) {
      var stuck = everyMinute(replicas, "stuck", historyNeverCurrent(), clock);
      await("the schedule owned, its tick not due yet").atMost(Duration.ofSeconds(60))
          .until(() -> stuck.firing().ownedSchedules() == 1 && overdue(stuck) == 0);
      assertThat(stuck.meters().get("ferry.schedules.cron").gauge().value()).isEqualTo(1.0);

      clock.run();

      // Due at 10:00; two clock minutes later it is still not fired and at least 60 s overdue.
      await().atMost(Duration.ofSeconds(30)).until(() -> overdue(stuck) > 60);
      assertThat(replicas.committedTickRequests()).isEmpty();
    }
  }

  @Test
  void theOwnerOfAScheduleThatFiresReportsZero() {
    Clocks.FastClock clock = clock();
    try (Replicas replicas = new Replicas()) {
      var firing = everyMinute(replicas, "firing", Replicas.noRunsInProgress(), clock);
      await().atMost(Duration.ofSeconds(60)).until(() -> firing.firing().ownedSchedules() == 1);

      clock.run();

      await().atMost(Duration.ofSeconds(30)).until(() -> replicas.committedTickRequests().size() >= 2);
      assertThat(overdue(firing)).as("a tick fires within a fraction of a clock minute").isLessThan(30);
    }
  }

  private static Replicas.Replica everyMinute(Replicas replicas, String name, RunState runs, Clocks.FastClock clock) {
    List<Schedule> schedules = List.of(Replicas.schedule("every-minute", "* * * * *", ZoneOffset.UTC, b -> {}));
    return replicas.start(name, schedules, runs, clock, clock.speedUp(), Duration.ofMinutes(1));
  }

  private static double overdue(Replicas.Replica replica) {
    Gauge gauge = replica.meters().find("ferry.schedule.fire.overdue").tag("workspace", Replicas.WORKSPACE)
        .tag("schedule", "every-minute").gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }

  private static RunState historyNeverCurrent() {
    return new RunState() {
      @Override
      public boolean isCurrent() {
        return false;
      }

      @Override
      public boolean hasRunInProgress(String workspace, String schedule) {
        return false;
      }

      @Override
      public void requested(RunFacts.Requested fact) {}
    };
  }
}
