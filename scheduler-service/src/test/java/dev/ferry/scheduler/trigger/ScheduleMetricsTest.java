package dev.ferry.scheduler.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ferry.events.ScheduleKey;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ScheduleMetricsTest {

  private static final Instant NINE = Instant.parse("2026-01-01T09:00:00Z");
  private static final ScheduleKey NIGHTLY = new ScheduleKey("default", "nightly");
  private static final ScheduleKey HOURLY = new ScheduleKey("default", "hourly");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ScheduleMetrics metrics = new ScheduleMetrics(registry);
  private final AtomicReference<Instant> now = new AtomicReference<>(NINE);

  @Test
  void overdueIsHowFarNowIsPastTheNextUnfiredTickAndZeroBeforeIt() {
    metrics.nextTicks(Map.of(NIGHTLY, NINE.minusSeconds(90), HOURLY, NINE.plusSeconds(600)), now::get);

    assertThat(overdue(NIGHTLY)).isCloseTo(90.0, within(0.001));
    assertThat(overdue(HOURLY)).isZero();
  }

  @Test
  void overdueKeepsGrowingAtScrapeTimeWhenTheFiringLoopPublishesNothingNew() {
    metrics.nextTicks(Map.of(NIGHTLY, NINE), now::get);

    now.set(NINE.plusSeconds(240));

    assertThat(overdue(NIGHTLY)).isCloseTo(240.0, within(0.001));
  }

  @Test
  void aScheduleNoLongerOwnedLosesItsGaugeAndAFiredTickResetsIt() {
    metrics.nextTicks(Map.of(NIGHTLY, NINE.minusSeconds(30), HOURLY, NINE.minusSeconds(30)), now::get);

    metrics.nextTicks(Map.of(NIGHTLY, NINE.plusSeconds(86_400)), now::get);

    assertThat(registry.find("ferry.schedule.fire.overdue").tag("schedule", "hourly").gauge()).isNull();
    assertThat(overdue(NIGHTLY)).isZero();
  }

  @Test
  void cronSchedulesAreReadAtEachScrape() {
    int[] cron = {3};
    metrics.cron(() -> cron[0]);
    cron[0] = 5;

    assertThat(registry.get("ferry.schedules.cron").gauge().value()).isEqualTo(5.0);
  }

  private double overdue(ScheduleKey key) {
    Gauge gauge = registry.get("ferry.schedule.fire.overdue").tag("workspace", key.workspace())
        .tag("schedule", key.schedule()).gauge();
    return gauge.value();
  }
}
