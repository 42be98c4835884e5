package dev.ferry.scheduler.firing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How the firing loop sees time: the clock it reads "now" from and plans ticks on, and how much
 * real time a span of that clock takes. In production the clock is the system clock and a minute
 * is a minute; a test may hand in a clock that runs {@code speedUp} times faster, and the loop
 * then waits that much shorter, so that the same code fires an hour of minute ticks in minutes.
 *
 * @param speedUp clock time per unit of real time; 1 for a real clock
 */
public record FiringClock(Clock clock, int speedUp) {

  public FiringClock {
    if (speedUp < 1) {
      throw new IllegalArgumentException("speedUp must be at least 1");
    }
  }

  public static FiringClock of(Clock clock) {
    return new FiringClock(clock, 1);
  }

  public Instant now() {
    return clock.instant();
  }

  /** The real time until {@code instant} on this clock, from {@code now}; zero when it has passed. */
  public Duration realTimeUntil(Instant instant, Instant now) {
    Duration clockTime = Duration.between(now, instant);
    return clockTime.isNegative() ? Duration.ZERO : clockTime.dividedBy(speedUp);
  }
}
