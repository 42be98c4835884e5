package dev.ferry.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Clocks for timing rules that would otherwise need waiting. */
public final class Clocks {

  private Clocks() {}

  /**
   * A clock that runs at real speed but, the first time it is read, stands {@code lead} before
   * a minute boundary; so an every-minute cron schedule started with it fires after {@code lead}.
   */
  public static Clock justBeforeAMinute(Duration lead) {
    return new AnchoredClock(lead, ZoneOffset.UTC);
  }

  /**
   * A clock that stands at {@code start} until {@link FastClock#run()}, then runs {@code speedUp}
   * times faster than real time: with 30, a minute passes every two seconds. Hand the same speed-up
   * to whatever turns clock time into waits, so that code which waits until a clock instant waits
   * that much less in real time.
   */
  public static FastClock fast(Instant start, int speedUp) {
    return new FastClock(start, speedUp);
  }

  /** See {@link #fast(Instant, int)}. Safe for any thread. */
  public static final class FastClock extends Clock {
    private final Instant start;
    private final int speedUp;
    private volatile long startedNanos;
    private volatile boolean running;

    private FastClock(Instant start, int speedUp) {
      this.start = start;
      this.speedUp = speedUp;
    }

    /** Lets time pass from now on. */
    public synchronized FastClock run() {
      if (!running) {
        startedNanos = System.nanoTime();
        running = true;
      }
      return this;
    }

    public int speedUp() {
      return speedUp;
    }

    @Override
    public Instant instant() {
      if (!running) {
        return start;
      }
      long elapsed = System.nanoTime() - startedNanos;
      return start.plusNanos(Math.multiplyExact(elapsed, (long) speedUp));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a fast clock is UTC only");
    }
  }

  private static final class AnchoredClock extends Clock {
    private final Duration lead;
    private final ZoneId zone;
    private volatile Duration offset;

    AnchoredClock(Duration lead, ZoneId zone) {
      this.lead = lead;
      this.zone = zone;
    }

    @Override
    public Instant instant() {
      Duration shift = offset;
      if (shift == null) {
        synchronized (this) {
          if (offset == null) {
            Instant now = Instant.now();
            offset = Duration.between(now, now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)).minus(lead));
          }
          shift = offset;
        }
      }
      return Instant.now().plus(shift);
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new AnchoredClock(lead, zone);
    }
  }
}
