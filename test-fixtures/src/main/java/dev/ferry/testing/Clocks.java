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
