package dev.ferry.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.scheduler.schedule.CronSchedule;
import dev.ferry.scheduler.schedule.Schedule;
import dev.ferry.scheduler.schedule.ScheduleCatalog;
import dev.ferry.testing.Clocks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CronFiringTest {

  private static final Schedule EVERY_MINUTE = new Schedule("default", "every-minute", "", CronSchedule.parse("* * * * *"),
      ZoneOffset.UTC, List.of(List.of("run")), new Schedule.ProjectRef("/repo", "HEAD", null), null,
      new Schedule.Source(Path.of("ferry_schedules.yml"), 2));

  private CronFiring firing;

  @AfterEach
  void stop() {
    firing.stop();
  }

  @Test
  void triesTheSameTickAgainUntilKafkaTakesIt() {
    List<Instant> attempts = new CopyOnWriteArrayList<>();
    AtomicInteger failuresLeft = new AtomicInteger(2);
    firing = new CronFiring(new ScheduleCatalog(List.of(EVERY_MINUTE)), (schedule, tick) -> {
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
}
