package dev.ferry.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CronScheduleTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void firesAtTheNextMatchingMinute() {
    assertThat(CronSchedule.parse("*/15 * * * *").nextAfter(at("2026-11-25T10:07:30Z"), ZoneOffset.UTC))
        .contains(at("2026-11-25T10:15:00Z"));
  }

  @Test
  void nextTickIsStrictlyAfterATick() {
    assertThat(CronSchedule.parse("@hourly").nextAfter(at("2026-11-25T10:00:00Z"), ZoneOffset.UTC))
        .contains(at("2026-11-25T11:00:00Z"));
  }

  @Test
  void acceptsNamesRangesListsAndSteps() {
    assertThat(CronSchedule.parse("30 6-18/4 * JAN-MAR MON,WED,FRI").nextAfter(at("2026-01-05T07:00:00Z"), ZoneOffset.UTC))
        .contains(at("2026-01-05T10:30:00Z"));
    assertThat(ticks("0 0 * * 7", ZoneOffset.UTC, "2026-11-25T00:00:00Z", 1)).containsExactly(at("2026-11-29T00:00:00Z"));
    assertThat(ticks("0 12 * * sun", ZoneOffset.UTC, "2026-11-25T00:00:00Z", 1)).containsExactly(at("2026-11-29T12:00:00Z"));
    assertThat(ticks("5/20 0 1 1 *", ZoneOffset.UTC, "2026-11-25T00:00:00Z", 3))
        .containsExactly(at("2027-01-01T00:05:00Z"), at("2027-01-01T00:25:00Z"), at("2027-01-01T00:45:00Z"));
  }

  @Test
  void macrosStandForTheirExpressions() {
    Instant from = at("2026-11-25T10:07:00Z");
    assertThat(ticks("@daily", ZoneOffset.UTC, "2026-11-25T10:07:00Z", 1)).containsExactly(at("2026-11-26T00:00:00Z"));
    assertThat(CronSchedule.parse("@midnight").nextAfter(from, ZoneOffset.UTC)).contains(at("2026-11-26T00:00:00Z"));
    assertThat(CronSchedule.parse("@weekly").nextAfter(from, ZoneOffset.UTC)).contains(at("2026-11-29T00:00:00Z"));
    assertThat(CronSchedule.parse("@monthly").nextAfter(from, ZoneOffset.UTC)).contains(at("2026-12-01T00:00:00Z"));
    assertThat(CronSchedule.parse("@yearly").nextAfter(from, ZoneOffset.UTC)).contains(at("2027-01-01T00:00:00Z"));
  }

  @Test
  void dayOfMonthAndDayOfWeekBothRestrictedFireWhenEitherMatches() {
    // Vixie cron: the 13th of each month, and every Friday. 2026-11-13 is a Friday itself.
    assertThat(ticks("0 9 13 * FRI", ZoneOffset.UTC, "2026-11-01T00:00:00Z", 4)).containsExactly(
        at("2026-11-06T09:00:00Z"), at("2026-11-13T09:00:00Z"), at("2026-11-20T09:00:00Z"), at("2026-11-27T09:00:00Z"));
    assertThat(ticks("0 9 10 * FRI", ZoneOffset.UTC, "2026-11-01T00:00:00Z", 3)).containsExactly(
        at("2026-11-06T09:00:00Z"), at("2026-11-10T09:00:00Z"), at("2026-11-13T09:00:00Z"));
  }

  @Test
  void aStarredDayOfWeekStillNarrowsTheDayOfMonth() {
    // '*/2' starts with '*', so it is and-ed with the day of month, as in Vixie cron (Sundays, Tuesdays, ...).
    assertThat(ticks("0 9 1-7 * */2", ZoneOffset.UTC, "2026-11-01T00:00:00Z", 4)).containsExactly(
        at("2026-11-01T09:00:00Z"), at("2026-11-03T09:00:00Z"), at("2026-11-05T09:00:00Z"), at("2026-11-07T09:00:00Z"));
  }

  @Test
  void findsALeapDayYearsAhead() {
    assertThat(ticks("0 0 29 2 *", ZoneOffset.UTC, "2026-03-01T00:00:00Z", 2))
        .containsExactly(at("2028-02-29T00:00:00Z"), at("2032-02-29T00:00:00Z"));
  }

  @Test
  void refusesWhatUnixCronDoesNotHave() {
    assertThatThrownBy(() -> CronSchedule.parse("0 9 ? * MON")).hasMessageContaining("Quartz syntax");
    assertThatThrownBy(() -> CronSchedule.parse("0 9 L * *")).hasMessageContaining("Quartz syntax");
    assertThatThrownBy(() -> CronSchedule.parse("0 9 * * 5#2")).hasMessageContaining("Quartz syntax");
    assertThatThrownBy(() -> CronSchedule.parse("0 0 2 * * *")).hasMessageContaining("has 6 fields; expected 5");
    assertThatThrownBy(() -> CronSchedule.parse("@fortnightly")).hasMessageContaining("is not a cron macro");
  }

  @Test
  void namesTheFieldAndTheValueThatIsWrong() {
    assertThatThrownBy(() -> CronSchedule.parse("0 25 * * *"))
        .hasMessage("'0 25 * * *' is not a valid cron expression: hour 25 is out of range 0-23");
    assertThatThrownBy(() -> CronSchedule.parse("0 0 * FOO *")).hasMessageContaining("month 'FOO' is not a number or one of JAN");
    assertThatThrownBy(() -> CronSchedule.parse("*/0 * * * *")).hasMessageContaining("minute 0 is out of range 1-59");
    assertThatThrownBy(() -> CronSchedule.parse("0 5-2 * * *")).hasMessageContaining("hour range 5-2 runs backwards");
    assertThatThrownBy(() -> CronSchedule.parse("0 0 1,,2 * *")).hasMessageContaining("empty list element");
  }

  @Test
  void refusesADateThatNeverComes() {
    assertThatThrownBy(() -> CronSchedule.parse("0 0 30 2 *")).hasMessageContaining("never fires");
    assertThat(CronSchedule.parse("0 0 31 1,2 *").nextAfter(at("2026-02-01T00:00:00Z"), ZoneOffset.UTC))
        .contains(at("2027-01-31T00:00:00Z"));
  }

  /** 2026: clocks go forward on 29 March (02:00 CET → 03:00 CEST) and back on 25 October (03:00 CEST → 02:00 CET). */
  @Nested
  class EuropeBerlin {

    @Test
    void aTimeInTheSpringGapFiresOnceAtTheEndOfTheGap() {
      assertThat(ticks("30 2 * * *", BERLIN, "2026-03-27T12:00:00Z", 3)).containsExactly(
          at("2026-03-28T01:30:00Z"), // 02:30 CET
          at("2026-03-29T01:00:00Z"), // 02:30 does not exist: 03:00 CEST, the first instant after the gap
          at("2026-03-30T00:30:00Z")); // 02:30 CEST
    }

    @Test
    void aTimeInTheAutumnOverlapFiresOnceAtItsFirstOccurrence() {
      assertThat(ticks("30 2 * * *", BERLIN, "2026-10-23T12:00:00Z", 3)).containsExactly(
          at("2026-10-24T00:30:00Z"), // 02:30 CEST
          at("2026-10-25T00:30:00Z"), // 02:30 CEST; not again at 02:30 CET (01:30Z)
          at("2026-10-26T01:30:00Z")); // 02:30 CET
    }

    @Test
    void hourlyAcrossSpringForwardSkipsTheMissingHourWithoutFiringTwice() {
      assertThat(ticks("0 * * * *", BERLIN, "2026-03-28T23:30:00Z", 4)).containsExactly(
          at("2026-03-29T00:00:00Z"), // 01:00 CET
          at("2026-03-29T01:00:00Z"), // 02:00 does not exist; 03:00 CEST is the same instant, fired once
          at("2026-03-29T02:00:00Z"), // 04:00 CEST
          at("2026-03-29T03:00:00Z"));
    }

    @Test
    void hourlyAcrossFallBackFiresTheRepeatedHourOnce() {
      assertThat(ticks("0 * * * *", BERLIN, "2026-10-24T23:30:00Z", 3)).containsExactly(
          at("2026-10-25T00:00:00Z"), // 02:00 CEST
          at("2026-10-25T02:00:00Z"), // 03:00 CET; 02:00 CET (01:00Z) is the repeated 02:00
          at("2026-10-25T03:00:00Z"));
    }

    @Test
    void dailyKeepsMidnightOnBothSidesOfEachChange() {
      assertThat(ticks("@daily", BERLIN, "2026-03-27T12:00:00Z", 3)).containsExactly(
          at("2026-03-27T23:00:00Z"), at("2026-03-28T23:00:00Z"), at("2026-03-29T22:00:00Z"));
      assertThat(ticks("@daily", BERLIN, "2026-10-23T12:00:00Z", 3)).containsExactly(
          at("2026-10-23T22:00:00Z"), at("2026-10-24T22:00:00Z"), at("2026-10-25T23:00:00Z"));
    }

    @Test
    void severalTicksInTheGapFireOnceTogether() {
      assertThat(ticks("*/15 2 * * *", BERLIN, "2026-03-28T23:00:00Z", 2)).containsExactly(
          at("2026-03-29T01:00:00Z"), at("2026-03-30T00:00:00Z"));
    }

    @Test
    void fromInsideTheRepeatedHourTheNextTickIsAfterIt() {
      assertThat(ticks("*/15 * * * *", BERLIN, "2026-10-25T01:10:00Z", 1)).containsExactly(at("2026-10-25T02:00:00Z"));
    }
  }

  /** 2026: clocks go forward on 8 March (02:00 EST → 03:00 EDT) and back on 1 November (02:00 EDT → 01:00 EST). */
  @Nested
  class AmericaNewYork {

    @Test
    void aTimeInTheSpringGapFiresOnceAtTheEndOfTheGap() {
      assertThat(ticks("30 2 * * *", NEW_YORK, "2026-03-06T12:00:00Z", 3)).containsExactly(
          at("2026-03-07T07:30:00Z"), // 02:30 EST
          at("2026-03-08T07:00:00Z"), // 02:30 does not exist: 03:00 EDT
          at("2026-03-09T06:30:00Z")); // 02:30 EDT
    }

    @Test
    void aTimeAfterTheRepeatedHourFiresNormallyAtFallBack() {
      assertThat(ticks("30 2 * * *", NEW_YORK, "2026-10-30T12:00:00Z", 3)).containsExactly(
          at("2026-10-31T06:30:00Z"), // 02:30 EDT
          at("2026-11-01T07:30:00Z"), // 02:30 EST, which exists once
          at("2026-11-02T07:30:00Z"));
    }

    @Test
    void aTimeInTheRepeatedHourFiresOnceAtItsFirstOccurrence() {
      assertThat(ticks("30 1 * * *", NEW_YORK, "2026-10-31T12:00:00Z", 2)).containsExactly(
          at("2026-11-01T05:30:00Z"), // 01:30 EDT; not again at 01:30 EST (06:30Z)
          at("2026-11-02T06:30:00Z"));
    }

    @Test
    void hourlyAcrossSpringForward() {
      assertThat(ticks("0 * * * *", NEW_YORK, "2026-03-08T05:30:00Z", 3)).containsExactly(
          at("2026-03-08T06:00:00Z"), // 01:00 EST
          at("2026-03-08T07:00:00Z"), // 02:00 does not exist; 03:00 EDT, fired once
          at("2026-03-08T08:00:00Z")); // 04:00 EDT
    }

    @Test
    void hourlyAcrossFallBack() {
      assertThat(ticks("0 * * * *", NEW_YORK, "2026-11-01T03:30:00Z", 4)).containsExactly(
          at("2026-11-01T04:00:00Z"), // 00:00 EDT
          at("2026-11-01T05:00:00Z"), // 01:00 EDT; the repeated 01:00 EST (06:00Z) does not fire
          at("2026-11-01T07:00:00Z"), // 02:00 EST
          at("2026-11-01T08:00:00Z"));
    }

    @Test
    void dailyKeepsMidnightOnBothSidesOfEachChange() {
      assertThat(ticks("@daily", NEW_YORK, "2026-03-06T12:00:00Z", 3)).containsExactly(
          at("2026-03-07T05:00:00Z"), at("2026-03-08T05:00:00Z"), at("2026-03-09T04:00:00Z"));
      assertThat(ticks("@daily", NEW_YORK, "2026-10-30T12:00:00Z", 3)).containsExactly(
          at("2026-10-31T04:00:00Z"), at("2026-11-01T04:00:00Z"), at("2026-11-02T05:00:00Z"));
    }
  }

  private static List<Instant> ticks(String expression, ZoneId zone, String from, int count) {
    CronSchedule cron = CronSchedule.parse(expression);
    List<Instant> ticks = new ArrayList<>();
    Instant after = at(from);
    for (int i = 0; i < count; i++) {
      after = cron.nextAfter(after, zone).orElseThrow();
      ticks.add(after);
    }
    return ticks;
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }
}
