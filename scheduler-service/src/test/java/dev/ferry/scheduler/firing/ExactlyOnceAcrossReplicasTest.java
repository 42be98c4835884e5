package dev.ferry.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.RunRequested;
import dev.ferry.events.ScheduleTick;
import dev.ferry.scheduler.trigger.TickRunIds;
import dev.ferry.schedules.CatchUpMode;
import dev.ferry.schedules.Schedule;
import dev.ferry.testing.Clocks;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three replicas fire 200 every-minute schedules while one is stopped and another added. Time
 * runs 30 times faster than real time (a minute every two seconds) on a clock the firing loop
 * reads and waits on, so that the ten-odd minutes of the scenario take seconds; everything else
 * (the group, the rebalances, the transactions) is the real broker at real speed, so a rebalance
 * spans whole minute ticks, which the new owners fire as catch-up.
 */
@Tag("integration")
class ExactlyOnceAcrossReplicasTest {

  private static final int SCHEDULES = 200;
  private static final int SPEED_UP = 30;
  private static final Instant START = Instant.parse("2026-06-01T09:59:30Z");

  private final Replicas replicas = new Replicas();

  @AfterEach
  void stop() {
    replicas.close();
  }

  @Test
  void firesEveryTickExactlyOnceWhileAReplicaStopsAndAnotherJoins() {
    List<Schedule> schedules = IntStream.range(0, SCHEDULES)
        .mapToObj(i -> Replicas.schedule("s" + i, "* * * * *", ZoneOffset.UTC, b -> b.catchUp(CatchUpMode.ALL, 100)))
        .toList();
    Clocks.FastClock clock = Clocks.fast(START, SPEED_UP);
    var a = start("a", schedules, clock);
    var b = start("b", schedules, clock);
    var c = start("c", schedules, clock);
    awaitOwners(List.of(a, b, c));
    clock.run();
    Instant first = START.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));

    awaitAllFired(first.plus(Duration.ofMinutes(2)));
    replicas.stop(a);
    awaitOwners(List.of(b, c));
    awaitAllFired(clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(2)));
    var d = start("d", schedules, clock);
    awaitOwners(List.of(b, c, d));
    Instant last = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(2));
    awaitAllFired(last);
    replicas.close();

    List<RunRequested> fired = replicas.committedTickRequests();
    Map<String, List<Instant>> bySchedule = new HashMap<>();
    fired.forEach(r -> bySchedule.computeIfAbsent(r.getSchedule(), s -> new ArrayList<>()).add(r.getScheduledTick()));
    assertThat(bySchedule).hasSize(SCHEDULES);
    bySchedule.forEach((schedule, ticks) -> {
      assertThat(ticks).as("ticks of %s", schedule).doesNotHaveDuplicates();
      List<Instant> sorted = ticks.stream().sorted().toList();
      assertThat(sorted.getFirst()).as("first tick of %s", schedule).isEqualTo(first);
      assertThat(sorted.getLast()).as("last tick of %s", schedule).isAfterOrEqualTo(last);
      assertThat(Duration.between(sorted.getFirst(), sorted.getLast()).toMinutes() + 1)
          .as("no tick of %s missing", schedule).isEqualTo(sorted.size());
    });
    assertThat(fired).allSatisfy(r -> assertThat(r.getRunId())
        .isEqualTo(TickRunIds.forTick(r.getWorkspace(), r.getSchedule(), r.getScheduledTick())));

    Map<String, Long> byReplica = new HashMap<>();
    for (ScheduleTick tick : replicas.committedTicks()) {
      if (tick.getRunId() != null) {
        byReplica.merge(tick.getFiredBy(), 1L, Long::sum);
      }
    }
    assertThat(byReplica.keySet()).as("every replica fired ticks").containsExactlyInAnyOrder("a", "b", "c", "d");
    assertThat(byReplica.values().stream().mapToLong(Long::longValue).sum()).as("one tick record per fired tick")
        .isEqualTo(fired.size());
  }

  private Replicas.Replica start(String name, List<Schedule> schedules, Clocks.FastClock clock) {
    return replicas.start(name, schedules, Replicas.noRunsInProgress(), clock, SPEED_UP, Duration.ofMinutes(1));
  }

  /** Waits until the given replicas, and only they, own all six partitions and every schedule between them. */
  private static void awaitOwners(List<Replicas.Replica> owners) {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(owners).allSatisfy(r -> assertThat(r.firing().ownedPartitions()).isNotEmpty());
      assertThat(owners.stream().mapToInt(r -> r.firing().ownedPartitions().size()).sum()).isEqualTo(6);
      assertThat(owners.stream().mapToInt(r -> r.firing().ownedSchedules()).sum()).isEqualTo(SCHEDULES);
    });
  }

  /** Waits until every schedule's tick at {@code tick} is committed. */
  private void awaitAllFired(Instant tick) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
        replicas.committedTickRequests().stream().filter(r -> r.getScheduledTick().equals(tick)).count() >= SCHEDULES);
  }
}
