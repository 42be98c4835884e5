package dev.ferry.scheduler.firing;

import dev.ferry.schedules.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which of a schedule's due ticks its owner fires, given the last tick decided for it. A tick
 * that came due no longer than the misfire threshold ago is on time and always fires (a tick the
 * loop reaches a little late, or one that fell into a short rebalance). Older ones were missed,
 * while no replica owned the schedule, and follow the schedule's {@code catch_up} policy:
 * {@code none} fires none of them, {@code latest} the newest one unless an on-time tick fires,
 * {@code all} the newest ones up to its limit, on-time ticks included. Ticks are the cron's, in the
 * schedule's time zone, so DST is handled as for any tick.
 */
final class CatchUp {

  /** Most missed ticks counted for the skipped metric after one downtime; beyond it the count stops. */
  static final int COUNT_LIMIT = 10_000;

  private CatchUp() {}

  /**
   * The decision for the ticks in {@code (after, now]}.
   *
   * @param fire the ticks to fire, oldest first
   * @param skipped how many due ticks are not fired (at most {@link #COUNT_LIMIT})
   * @param newestSkipped the newest of them, recorded when nothing fires so that the next owner does not count them again
   */
  record Decision(List<Instant> fire, long skipped, Instant newestSkipped) {
    boolean isEmpty() {
      return fire.isEmpty() && skipped == 0;
    }
  }

  static Decision decide(Schedule schedule, Instant after, Instant now, Duration misfireThreshold) {
    Instant cutoff = now.minus(misfireThreshold);
    Instant onTimeFrom = cutoff.isAfter(after) ? cutoff : after;
    List<Instant> onTime = ticks(schedule, onTimeFrom, now, Integer.MAX_VALUE);
    if (!cutoff.isAfter(after)) {
      return new Decision(onTime, 0, null);
    }
    int keepMissed = switch (schedule.catchUp().mode()) {
      case NONE -> 0;
      case LATEST -> onTime.isEmpty() ? 1 : 0;
      case ALL -> Math.max(0, schedule.catchUp().limit() - onTime.size());
    };
    List<Instant> missedFired = newest(schedule, after, cutoff, keepMissed);
    long missed = ticks(schedule, after, cutoff, COUNT_LIMIT).size();
    long skipped = Math.max(0, missed - missedFired.size());
    Instant newestSkipped = null;
    if (skipped > 0 && missedFired.isEmpty() && onTime.isEmpty()) {
      newestSkipped = newest(schedule, after, cutoff, 1).getFirst();
    }
    List<Instant> fire = new ArrayList<>(missedFired);
    fire.addAll(onTime);
    return new Decision(List.copyOf(fire), skipped, newestSkipped);
  }

  /** Ticks in {@code (after, upTo]}, oldest first, at most {@code limit}. */
  static List<Instant> ticks(Schedule schedule, Instant after, Instant upTo, int limit) {
    List<Instant> ticks = new ArrayList<>();
    Instant from = after;
    while (ticks.size() < limit) {
      Optional<Instant> next = schedule.cron().nextAfter(from, schedule.timezone());
      if (next.isEmpty() || next.get().isAfter(upTo)) {
        break;
      }
      ticks.add(next.get());
      from = next.get();
    }
    return ticks;
  }

  /**
   * The newest {@code n} ticks in {@code (after, upTo]}, oldest first. Looks back from
   * {@code upTo} in growing windows, so that a long downtime does not walk every tick since.
   */
  static List<Instant> newest(Schedule schedule, Instant after, Instant upTo, int n) {
    if (n == 0) {
      return List.of();
    }
    Duration window = Duration.ofHours(1);
    while (true) {
      Instant from = upTo.minus(window);
      boolean whole = !from.isAfter(after);
      List<Instant> found = ticks(schedule, whole ? after : from, upTo, Integer.MAX_VALUE);
      if (found.size() >= n || whole) {
        return List.copyOf(found.subList(Math.max(0, found.size() - n), found.size()));
      }
      window = window.multipliedBy(4);
    }
  }
}
