package dev.ferry.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.scheduler.schedule.ScheduleCatalog;
import dev.ferry.scheduler.schedule.ScheduleSource;
import dev.ferry.schedules.Schedule;
import dev.ferry.testing.Clocks;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A reload of the schedules reaches the owner's plan: new ones fire, changed ones use the new cron, removed ones stop. */
@Tag("integration")
class ScheduleReloadFiringTest {

  private static final int SPEED_UP = 600;

  private final Replicas replicas = new Replicas();

  @AfterEach
  void stop() {
    replicas.close();
  }

  @Test
  void aReloadPlansNewSchedulesReplansChangedOnesAndDropsRemovedOnes() {
    Schedule daily = Replicas.schedule("daily", "0 2 * * *", ZoneOffset.UTC, b -> { });
    Schedule everyMinute = Replicas.schedule("every-minute", "* * * * *", ZoneOffset.UTC, b -> { });
    Source source = new Source(List.of(daily, Replicas.schedule("hourly", "0 * * * *", ZoneOffset.UTC, b -> { })));
    Clocks.FastClock clock = Clocks.fast(Instant.parse("2026-06-01T10:00:30Z"), SPEED_UP);
    var replica = replicas.start("r", source, Replicas.noRunsInProgress(), clock, SPEED_UP, Duration.ofMinutes(1));
    await().atMost(Duration.ofSeconds(60)).until(() -> replica.firing().ownedSchedules() == 2);
    clock.run();

    source.change(List.of(daily, Replicas.schedule("hourly", "30 * * * *", ZoneOffset.UTC, b -> { }), everyMinute));
    await().atMost(Duration.ofSeconds(30)).until(() -> replica.firing().ownedSchedules() == 3);
    await().atMost(Duration.ofSeconds(30)).until(() -> replicas.firedTicksBySchedule().containsKey("hourly")
        && replicas.firedTicksBySchedule().containsKey("every-minute"));
    assertThat(replicas.firedTicksBySchedule().get("hourly")).first()
        .satisfies(tick -> assertThat(tick.atZone(ZoneOffset.UTC).getMinute()).isEqualTo(30));

    source.change(List.of(daily));
    await().atMost(Duration.ofSeconds(30)).until(() -> replica.firing().ownedSchedules() == 1);
    int firedBefore = replicas.firedTicksBySchedule().get("every-minute").size();
    Instant later = clock.instant().plus(Duration.ofMinutes(5));
    await().atMost(Duration.ofSeconds(30)).until(() -> clock.instant().isAfter(later));
    assertThat(replicas.firedTicksBySchedule().get("every-minute")).as("no tick after its removal").hasSize(firedBefore);
  }

  /** Schedules the test changes, as a reload would. */
  private static final class Source implements ScheduleSource {
    private final List<Consumer<ScheduleCatalog>> listeners = new CopyOnWriteArrayList<>();
    private volatile ScheduleCatalog current;

    Source(List<Schedule> schedules) {
      current = new ScheduleCatalog(schedules);
    }

    @Override
    public ScheduleCatalog current() {
      return current;
    }

    @Override
    public void onChange(Consumer<ScheduleCatalog> listener) {
      listeners.add(listener);
    }

    void change(List<Schedule> schedules) {
      current = new ScheduleCatalog(schedules);
      listeners.forEach(l -> l.accept(current));
    }
  }
}
