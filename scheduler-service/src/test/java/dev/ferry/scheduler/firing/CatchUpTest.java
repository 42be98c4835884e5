package dev.ferry.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.schedules.CatchUpMode;
import dev.ferry.schedules.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CatchUpTest {

  private static final Instant LAST = Instant.parse("2026-06-01T10:00:00Z");
  private static final Duration THRESHOLD = Duration.ofMinutes(1);

  @Test
  void aTickReachedWithinTheThresholdFiresWhateverThePolicy() {
    Schedule none = schedule("* * * * *", CatchUpMode.NONE, 0);

    CatchUp.Decision decision = CatchUp.decide(none, LAST, LAST.plusSeconds(75), THRESHOLD);

    assertThat(decision.fire()).containsExactly(LAST.plusSeconds(60));
    assertThat(decision.skipped()).isZero();
  }

  @Test
  void latestFiresTheNewestMissedTickOnlyWhenNoTickIsOnTime() {
    Schedule latest = schedule("* * * * *", CatchUpMode.LATEST, 0);

    Duration threshold = Duration.ofSeconds(10);

    CatchUp.Decision missedOnly = CatchUp.decide(latest, LAST, LAST.plus(Duration.ofMinutes(10)).plusSeconds(30), threshold);
    CatchUp.Decision withOnTime = CatchUp.decide(latest, LAST, LAST.plus(Duration.ofMinutes(10)).plusSeconds(5), threshold);

    assertThat(missedOnly.fire()).containsExactly(LAST.plus(Duration.ofMinutes(10)));
    assertThat(missedOnly.skipped()).isEqualTo(9);
    assertThat(withOnTime.fire()).containsExactly(LAST.plus(Duration.ofMinutes(10)));
    assertThat(withOnTime.skipped()).isEqualTo(9);
    assertThat(withOnTime.newestSkipped()).as("only recorded when nothing fires").isNull();
  }

  @Test
  void allFiresTheNewestUpToItsLimitAndNoneRecordsTheNewestSkipped() {
    Instant day30 = LAST.plus(Duration.ofDays(30));
    Instant now = day30.plus(Duration.ofMinutes(30));

    CatchUp.Decision all = CatchUp.decide(schedule("0 * * * *", CatchUpMode.ALL, 3), LAST, now, THRESHOLD);
    CatchUp.Decision none = CatchUp.decide(schedule("0 * * * *", CatchUpMode.NONE, 0), LAST, now, THRESHOLD);

    assertThat(all.fire()).containsExactly(day30.minus(Duration.ofHours(2)), day30.minus(Duration.ofHours(1)), day30);
    assertThat(all.skipped()).isEqualTo(30 * 24 - 3);
    assertThat(none.fire()).isEmpty();
    assertThat(none.skipped()).isEqualTo(30 * 24);
    assertThat(none.newestSkipped()).isEqualTo(day30);
  }

  @Test
  void missedTicksAreTheCronsInItsZoneAcrossADaylightSavingChange() {
    Schedule daily = new Schedule("default", "daily", "", null, dev.ferry.schedules.CronSchedule.parse("30 2 * * *"),
        ZoneId.of("Europe/Berlin"), java.util.List.of(java.util.List.of("run")),
        new Schedule.ProjectRef("/repo", "HEAD", null), null, java.util.Map.of(), null, null, null,
        new Schedule.CatchUpPolicy(CatchUpMode.ALL, 10), null, null, null, null, null, null,
        new Schedule.Source(java.nio.file.Path.of("f.yml"), 1));

    CatchUp.Decision decision = CatchUp.decide(daily, Instant.parse("2026-03-27T12:00:00Z"),
        Instant.parse("2026-03-30T12:00:00Z"), THRESHOLD);

    assertThat(decision.fire()).containsExactly(Instant.parse("2026-03-28T01:30:00Z"),
        Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-30T00:30:00Z"));
  }

  private static Schedule schedule(String cron, CatchUpMode mode, int limit) {
    return Replicas.schedule("s", cron, ZoneOffset.UTC, b -> b.catchUp(mode, limit));
  }
}
