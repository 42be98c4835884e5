package dev.ferry.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.scheduler.schedule.ScheduleCatalog;
import dev.ferry.scheduler.schedule.ScheduleSource;
import dev.ferry.schedules.CronSchedule;
import dev.ferry.schedules.Schedule;
import dev.ferry.testing.Clocks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CronFiringTest {

  private static final Schedule EVERY_MINUTE = schedule("every-minute", "* * * * *");

  private final Source source = new Source();
  private CronFiring firing;

  @AfterEach
  void stop() {
    firing.stop();
  }

  @Test
  void triesTheSameTickAgainUntilKafkaTakesIt() {
    List<Instant> attempts = new CopyOnWriteArrayList<>();
    AtomicInteger failuresLeft = new AtomicInteger(2);
    source.current = new ScheduleCatalog(List.of(EVERY_MINUTE));
    firing = new CronFiring(source, (schedule, tick) -> {
      attempts.add(tick);
      if (failuresLeft.getAndDecrement() > 0) {
        throw new IllegalStateException("broker away");
      }
    }, Clocks.justBeforeAMinute(Duration.ofSeconds(1)));

    firing.start();

    await().atMost(Duration.ofSeconds(20)).until(() -> attempts.size() == 3);
    assertThat(attempts).hasSize(3).allMatch(tick -> tick.equals(attempts.getFirst()));
    assertThat(attempts.getFirst().getEpochSecond() % 60).isZero();
  }

  @Test
  void aReloadPlansNewSchedulesDropsRemovedOnesAndReplansChangedOnes() throws Exception {
    Schedule daily = schedule("daily", "0 2 * * *");
    source.current = new ScheduleCatalog(List.of(daily, schedule("hourly", "0 * * * *")));
    List<String> fired = new CopyOnWriteArrayList<>();
    firing = new CronFiring(source, (schedule, tick) -> fired.add(schedule.name()),
        Clocks.justBeforeAMinute(Duration.ofSeconds(1)));
    firing.start();
    await().until(() -> firing.plannedTicks().keySet(), keys -> keys.size() == 2);
    Instant dailyTick = firing.plannedTicks().get("daily");

    source.change(new ScheduleCatalog(List.of(daily, schedule("hourly", "30 * * * *"), EVERY_MINUTE,
        schedule("adhoc", "manual"))));

    await().untilAsserted(() -> {
      var planned = firing.plannedTicks();
      assertThat(planned.keySet()).containsExactlyInAnyOrder("daily", "hourly", "every-minute");
      assertThat(planned.get("daily")).isEqualTo(dailyTick);
      assertThat(planned.get("hourly").atZone(ZoneOffset.UTC).getMinute()).isEqualTo(30);
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> fired.contains("every-minute"));

    source.change(new ScheduleCatalog(List.of(daily)));

    await().untilAsserted(() -> assertThat(firing.plannedTicks()).containsOnlyKeys("daily"));
  }

  private static Schedule schedule(String name, String cron) {
    return Schedule.of("default", name, cron.equals("manual") ? null : CronSchedule.parse(cron), ZoneOffset.UTC,
        List.of(List.of("run")), new Schedule.ProjectRef("/repo", "HEAD", null), null,
        new Schedule.Source(Path.of("ferry_schedules.yml"), 2));
  }

  /** Schedules a test sets and changes. */
  private static final class Source implements ScheduleSource {
    volatile ScheduleCatalog current = new ScheduleCatalog(List.of());
    final List<Consumer<ScheduleCatalog>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public ScheduleCatalog current() {
      return current;
    }

    @Override
    public void onChange(Consumer<ScheduleCatalog> listener) {
      listeners.add(listener);
    }

    void change(ScheduleCatalog catalog) {
      current = catalog;
      listeners.forEach(l -> l.accept(catalog));
    }
  }
}
