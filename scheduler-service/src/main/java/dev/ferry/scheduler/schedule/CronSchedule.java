package dev.ferry.scheduler.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;
import org.springframework.scheduling.support.CronExpression;

/**
 * A 5-field Unix cron expression (minute hour day-of-month month day-of-week) or a macro such as
 * {@code @hourly}, evaluated in a time zone. Ticks are computed on the zone's wall clock, so a
 * daily run at 02:00 stays at 02:00 across daylight-saving changes.
 */
public record CronSchedule(String expression, CronExpression parsed) {

  private static final Set<String> MACROS =
      Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");

  /** Parses a cron expression or macro; the exception message says what is wrong with it. */
  public static CronSchedule parse(String expression) {
    String trimmed = expression.strip();
    if (trimmed.startsWith("@")) {
      if (!MACROS.contains(trimmed)) {
        throw new IllegalArgumentException("'" + trimmed + "' is not a cron macro; use one of " + MACROS.stream().sorted().toList());
      }
      return new CronSchedule(trimmed, CronExpression.parse(trimmed));
    }
    String[] fields = trimmed.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("'" + trimmed + "' has " + fields.length
          + " fields; expected 5 (minute hour day-of-month month day-of-week) or a macro such as @hourly");
    }
    requireUnixCron(trimmed, fields[2], fields[4]);
    try {
      return new CronSchedule(trimmed, CronExpression.parse("0 " + trimmed));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + trimmed + "' is not a valid cron expression: " + e.getMessage(), e);
    }
  }

  /**
   * Refuses what Unix cron would read differently from the Spring parser underneath: Quartz's
   * {@code ? L W #}, and a day-of-month together with a day-of-week (Unix cron fires when either
   * matches, Spring only when both do).
   */
  private static void requireUnixCron(String expression, String dayOfMonth, String dayOfWeek) {
    if (expression.contains("?") || dayOfMonth.matches(".*[LWlw].*") || dayOfWeek.contains("#")
        || dayOfWeek.matches("(?i)(.*\\dL.*|L)")) {
      throw new IllegalArgumentException("'" + expression + "' uses Quartz syntax (? L W #), which 5-field Unix cron does not have");
    }
    if (!dayOfMonth.startsWith("*") && !dayOfWeek.startsWith("*")) {
      throw new IllegalArgumentException("'" + expression + "' restricts both day-of-month and day-of-week; Unix cron"
          + " fires when either matches, which Ferry does not support yet: use two schedules");
    }
  }

  /** The first tick strictly after {@code after}, on the wall clock of {@code zone}. */
  public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
    ZonedDateTime next = parsed.next(after.atZone(zone));
    return Optional.ofNullable(next).map(ZonedDateTime::toInstant);
  }

  @Override
  public String toString() {
    return expression;
  }
}
