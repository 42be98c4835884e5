package dev.ferry.schedules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A 5-field Unix cron expression (minute hour day-of-month month day-of-week) or a macro such as
 * {@code @hourly}, evaluated on the wall clock of a time zone with Vixie cron's rules:
 *
 * <ul>
 *   <li>a wall-clock time that does not exist (the spring-forward gap) fires once, at the first
 *       instant after the gap;
 *   <li>a wall-clock time that exists twice (the fall-back overlap) fires once, at its first
 *       occurrence;
 *   <li>when both day-of-month and day-of-week are restricted (neither starts with {@code *}), a
 *       day matches when either matches.
 * </ul>
 */
public final class CronSchedule {

  /** Macros and the expressions they stand for. */
  public static final Map<String, String> MACROS = Map.of(
      "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
      "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

  /** Far enough to find the next 29 February even across a century year that is not a leap year. */
  private static final int SEARCH_YEARS = 9;

  private final String expression;
  private final CronField minutes;
  private final CronField hours;
  private final CronField daysOfMonth;
  private final CronField months;
  private final CronField daysOfWeek;

  private CronSchedule(String expression, List<CronField> fields) {
    this.expression = expression;
    this.minutes = fields.get(0);
    this.hours = fields.get(1);
    this.daysOfMonth = fields.get(2);
    this.months = fields.get(3);
    this.daysOfWeek = fields.get(4);
  }

  /** Parses a cron expression or macro; the exception message says what is wrong with it. */
  public static CronSchedule parse(String expression) {
    String trimmed = expression.strip();
    String fields = trimmed;
    if (trimmed.startsWith("@")) {
      fields = MACROS.get(trimmed);
      if (fields == null) {
        throw new IllegalArgumentException("'" + trimmed + "' is not a cron macro; use one of "
            + MACROS.keySet().stream().sorted().toList());
      }
    }
    String[] parts = fields.split("\\s+");
    if (parts.length != 5) {
      throw new IllegalArgumentException("'" + trimmed + "' has " + parts.length
          + " fields; expected 5 (minute hour day-of-month month day-of-week) or a macro such as @hourly");
    }
    if (fields.matches(".*[?#].*") || parts[2].matches("(?i).*[LW].*") || parts[4].matches("(?i).*\\dL.*|L")) {
      throw new IllegalArgumentException("'" + trimmed + "' uses Quartz syntax (? L W #), which 5-field Unix cron does not have");
    }
    CronSchedule cron;
    try {
      cron = new CronSchedule(trimmed, List.of(CronField.minute(parts[0]), CronField.hour(parts[1]),
          CronField.dayOfMonth(parts[2]), CronField.month(parts[3]), CronField.dayOfWeek(parts[4])));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + trimmed + "' is not a valid cron expression: " + e.getMessage(), e);
    }
    cron.requireSomeDay();
    return cron;
  }

  public String expression() {
    return expression;
  }

  /** The first tick strictly after {@code after}, on the wall clock of {@code zone}; empty if there is none. */
  public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    LocalDateTime local = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    while (true) {
      Optional<LocalDateTime> match = nextMatch(local, after.atZone(ZoneOffset.UTC).getYear() + SEARCH_YEARS);
      if (match.isEmpty()) {
        return Optional.empty();
      }
      Instant tick = instantOf(match.get(), rules);
      if (tick.isAfter(after)) {
        return Optional.of(tick);
      }
      // A wall-clock time of the overlap's second pass: it already fired at its first occurrence.
      local = match.get().plusMinutes(1);
    }
  }

  /**
   * The instant of a matching wall-clock time: in a gap, the first instant after it (the
   * transition); in an overlap, the first occurrence (the offset before the transition).
   */
  private static Instant instantOf(LocalDateTime local, ZoneRules rules) {
    List<ZoneOffset> offsets = rules.getValidOffsets(local);
    if (offsets.isEmpty()) {
      return rules.getTransition(local).getInstant();
    }
    if (offsets.size() == 1) {
      return local.toInstant(offsets.getFirst());
    }
    ZoneOffsetTransition overlap = rules.getTransition(local);
    return local.toInstant(overlap.getOffsetBefore());
  }

  private Optional<LocalDateTime> nextMatch(LocalDateTime from, int lastYear) {
    LocalDateTime t = from;
    while (t.getYear() <= lastYear) {
      if (!months.matches(t.getMonthValue())) {
        t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
      } else if (!dayMatches(t.toLocalDate())) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
      } else if (!hours.matches(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.matches(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  private boolean dayMatches(LocalDate date) {
    boolean dom = daysOfMonth.matches(date.getDayOfMonth());
    boolean dow = daysOfWeek.matches(date.getDayOfWeek().getValue() % 7);
    if (!daysOfMonth.star() && !daysOfWeek.star()) {
      return dom || dow;
    }
    return dom && dow;
  }

  /** Refuses an expression that names only days its months never have, such as 30 February. */
  private void requireSomeDay() {
    if (!daysOfWeek.star()) {
      return; // a restricted day-of-week matches some day of every month, alone or or-ed with day-of-month
    }
    int[] longest = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int firstDay = daysOfMonth.values().nextSetBit(1);
    for (int month = 1; month <= 12; month++) {
      if (months.matches(month) && firstDay <= longest[month]) {
        return;
      }
    }
    throw new IllegalArgumentException("'" + expression + "' never fires: none of its months has its days");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CronSchedule cron && cron.expression.equals(expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  @Override
  public String toString() {
    return expression;
  }
}
