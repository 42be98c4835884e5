package dev.ferry.scheduler.api;

import dev.ferry.scheduler.firing.FiringClock;
import dev.ferry.testing.Clocks;
import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Time for firing tests of the whole service: a clock that stands still until the test calls
 * {@code run()} (once the replica owns its schedules), then runs {@value #SPEED_UP} times faster,
 * so a minute passes every two seconds. The firing loop turns its waits into real time with the
 * same factor, so the production loop runs unchanged. One clock per application context.
 */
@TestConfiguration
public class FastFiringTime {

  public static final int SPEED_UP = 30;

  @Bean
  @Primary
  Clocks.FastClock fastClock() {
    return Clocks.fast(Instant.parse("2026-06-01T09:59:50Z"), SPEED_UP);
  }

  @Bean
  @Primary
  FiringClock fastFiringClock(Clocks.FastClock clock) {
    return new FiringClock(clock, SPEED_UP);
  }
}
