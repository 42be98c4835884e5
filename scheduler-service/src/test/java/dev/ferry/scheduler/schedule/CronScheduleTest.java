package dev.ferry.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CronScheduleTest {

  private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

  @Test
  void firesAtTheNextMatchingMinute() {
    CronSchedule cron = CronSchedule.parse("*/15 * * * *");

    assertThat(cron.nextAfter(Instant.parse("2026-11-25T10:07:30Z"), ZoneOffset.UTC))
        .contains(Instant.parse("2026-11-25T10:15:00Z"));
  }

  @Test
  void nextTickIsStrictlyAfterATick() {
    CronSchedule cron = CronSchedule.parse("@hourly");

    assertThat(cron.nextAfter(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC))
        .contains(Instant.parse("2026-11-25T11:00:00Z"));
  }

  @Test
  void acceptsNamesRangesListsAndSteps() {
    CronSchedule weekdays = CronSchedule.parse("30 6-18/4 * JAN-MAR MON,WED,FRI");

    assertThat(weekdays.nextAfter(Instant.parse("2026-01-05T07:00:00Z"), ZoneOffset.UTC))
        .contains(Instant.parse("2026-01-05T10:30:00Z"));
  }

  @Test
  void refusesWhatUnixCronWouldReadDifferently() {
    assertThatThrownBy(() -> CronSchedule.parse("0 9 1 * MON")).hasMessageContaining("both day-of-month and day-of-week");
    assertThatThrownBy(() -> CronSchedule.parse("0 9 ? * MON")).hasMessageContaining("Quartz syntax");
    assertThatThrownBy(() -> CronSchedule.parse("0 9 L * *")).hasMessageContaining("Quartz syntax");
    assertThatThrownBy(() -> CronSchedule.parse("0 9 * * 5#2")).hasMessageContaining("Quartz syntax");
  }

  @Test
  void keepsTheWallClockTimeAcrossDaylightSaving() {
    CronSchedule daily = CronSchedule.parse("0 2 * * *");

    assertThat(daily.nextAfter(Instant.parse("2026-01-15T12:00:00Z"), AMSTERDAM))
        .contains(Instant.parse("2026-01-16T01:00:00Z"));
    assertThat(daily.nextAfter(Instant.parse("2026-07-15T12:00:00Z"), AMSTERDAM))
        .contains(Instant.parse("2026-07-16T00:00:00Z"));
  }
}
