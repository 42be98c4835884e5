package dev.ferry.scheduler.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Trigger;
import dev.ferry.scheduler.trigger.RunRequest;
import dev.ferry.scheduler.trigger.TickRecord;
import dev.ferry.schedules.CompletionStatus;
import dev.ferry.schedules.CronSchedule;
import dev.ferry.schedules.Schedule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class EventMapperTest {

  private static final Instant TICK = Instant.parse("2026-11-25T02:00:00Z");

  @Test
  void aSchedulesTimeoutTravelsInTheRequest() {
    Schedule base = Schedule.of("default", "nightly", CronSchedule.parse("@daily"), ZoneOffset.UTC,
        List.of(List.of("build")), new Schedule.ProjectRef("https://example.com/a.git", "main", null), "prod",
        new Schedule.Source(Path.of("ferry_schedules.yml"), 2));
    Schedule withTimeout = new Schedule(base.workspace(), base.name(), "", null, base.cron(), base.timezone(),
        base.commands(), base.project(), base.target(), Map.of(), Duration.ofMinutes(90), null, null, null, null, null,
        null, null, null, null, base.source());

    assertThat(request(withTimeout).getTimeoutSeconds()).isEqualTo(5400L);
    assertThat(request(base).getTimeoutSeconds()).isNull();
  }

  @Test
  void aCommandThatMayFailWithoutStoppingTheRunSaysSoInTheRequest() {
    Schedule base = Schedule.of("default", "nightly", CronSchedule.parse("@daily"), ZoneOffset.UTC,
        List.of(List.of("build"), List.of("docs", "generate")), new Schedule.ProjectRef("https://example.com/a.git", "main", null),
        "prod", new Schedule.Source(Path.of("ferry_schedules.yml"), 2));
    Schedule continuing = new Schedule(base.workspace(), base.name(), "", null, base.cron(), base.timezone(),
        base.commands(), base.project(), base.target(), Map.of(), null, null, null, null, null, null,
        null, null, null, null, base.source(), java.util.Set.of(0));

    assertThat(request(continuing).getCommands()).extracting(c -> c.getArgs(), c -> c.getContinueOnFailure())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(List.of("build"), true),
            org.assertj.core.groups.Tuple.tuple(List.of("docs", "generate"), false));
    assertThat(request(base).getCommands()).extracting(c -> c.getContinueOnFailure()).containsOnly(false);
  }

  @Test
  void completionStatusesAreTheRunStatusesOfTheEvents() {
    assertThat(Arrays.stream(CompletionStatus.values()).map(Enum::name))
        .containsExactlyElementsOf(Arrays.stream(RunStatus.values()).map(Enum::name).toList());
  }

  @Test
  void tickRecordsRoundTripFiredAndSkipped() {
    TickRecord fired = TickRecord.fired("default", "nightly", TICK, "0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11",
        TICK.plusMillis(40), "scheduler-0");
    TickRecord skipped = TickRecord.skipped("default", "nightly", TICK, TickRecord.SkipReason.CONCURRENCY,
        TICK.plusMillis(40), "scheduler-0");

    assertThat(EventMapper.tick(EventMapper.toEvent(fired))).isEqualTo(fired);
    assertThat(EventMapper.tick(EventMapper.toEvent(skipped))).isEqualTo(skipped);
    assertThat(EventMapper.toEvent(skipped).getSkipped()).isEqualTo("concurrency");
    assertThat(TickRecord.SkipReason.ofLabel("from_the_future")).isEqualTo(TickRecord.SkipReason.OTHER);
  }

  private static RunRequested request(Schedule schedule) {
    return EventMapper.toEvent(new RunRequest("0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11", schedule, Trigger.SCHEDULER,
        TICK, TICK, "scheduler", 1));
  }
}
