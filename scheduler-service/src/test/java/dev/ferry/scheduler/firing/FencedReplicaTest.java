package dev.ferry.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.ScheduleTick;
import dev.ferry.scheduler.runs.RunFacts;
import dev.ferry.schedules.CatchUpMode;
import dev.ferry.schedules.ConcurrencyPolicy;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A replica whose firing thread stalls in the middle of a step (after it decided that it owns its
 * partitions, before it writes the ticks) stays away past its poll interval, so the group gives its
 * partitions to the other replica. When it resumes it goes on to write the ticks it had decided,
 * and its transaction must fail: the new owner's initTransactions fenced its producers.
 *
 * <p>The stall is placed where {@code concurrency: forbid} asks whether a run is in progress, the
 * one call the step makes between its ownership check and its write; the test's answer is "no run",
 * after holding replica a's thread as long as the test wants, as a long GC pause would.
 */
@Tag("integration")
class FencedReplicaTest {

  private static final int SPEED_UP = 30;
  private static final Instant START = Instant.parse("2026-06-01T09:59:30Z");

  private final Replicas replicas = new Replicas();

  @AfterEach
  void stop() {
    replicas.close();
  }

  @Test
  void aReplicaStalledPastItsPollIntervalCannotFireWhenItResumes() throws Exception {
    List<Schedule> schedules = IntStream.range(0, 24).mapToObj(i -> Replicas.schedule("s" + i, "* * * * *",
        ZoneOffset.UTC, b -> b.concurrency(ConcurrencyPolicy.FORBID).catchUp(CatchUpMode.ALL, 100))).toList();
    Clocks.FastClock clock = Clocks.fast(START, SPEED_UP);
    Stall stall = new Stall(clock);
    var a = replicas.start("a", schedules, stall, clock, SPEED_UP, Duration.ofMinutes(1));
    var b = replicas.start("b", schedules, Replicas.noRunsInProgress(), clock, SPEED_UP, Duration.ofMinutes(1));
    await().atMost(Duration.ofSeconds(60)).until(() -> a.firing().ownedPartitions().size() == 3
        && b.firing().ownedPartitions().size() == 3);
    clock.run();
    await().atMost(Duration.ofSeconds(30)).until(() -> replicas.committedTicks().stream()
        .map(ScheduleTick::getSchedule).distinct().count() == schedules.size());

    stall.hold();
    assertThat(stall.blocked.await(60, TimeUnit.SECONDS)).as("replica a stalled in a firing step").isTrue();
    Instant stalledTick = stall.blockedAt.get().truncatedTo(ChronoUnit.MINUTES);
    String stalledSchedule = stall.schedule.get();
    await().atMost(Duration.ofSeconds(60)).until(() -> b.firing().ownedPartitions().size() == 6);
    await().atMost(Duration.ofSeconds(30)).until(() -> committed(stalledSchedule, stalledTick) != null);
    stall.release();

    await().atMost(Duration.ofSeconds(30)).until(() -> a.counter("ferry.schedule.fenced") >= 1);
    Instant after = clock.instant().plus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MINUTES);
    await().atMost(Duration.ofSeconds(30)).until(() -> committed(stalledSchedule, after) != null);
    replicas.close();

    ScheduleTick taken = committed(stalledSchedule, stalledTick);
    assertThat(taken.getFiredBy()).as("the tick replica a was about to fire when it stalled").isEqualTo("b");
    assertThat(replicas.committedTicks()).filteredOn(t -> t.getTick().equals(stalledTick))
        .as("every tick at the stall").hasSize(schedules.size()).allSatisfy(t -> assertThat(t.getFiredBy()).isEqualTo("b"));
    assertThat(replicas.committedTickRequests())
        .filteredOn(r -> r.getSchedule().equals(stalledSchedule) && r.getScheduledTick().equals(stalledTick))
        .hasSize(1);
    replicas.firedTicksBySchedule().forEach((schedule, ticks) ->
        assertThat(ticks).as("runs requested for %s", schedule).doesNotHaveDuplicates());
    // Under forbid the catch-up after the takeover fires one run and records the other missed ticks as
    // skipped, so every tick has exactly one decision, fired or skipped.
    Map<String, List<Instant>> decided = new HashMap<>();
    replicas.committedTicks().forEach(t -> decided.computeIfAbsent(t.getSchedule(), k -> new ArrayList<>()).add(t.getTick()));
    decided.forEach((schedule, ticks) -> {
      assertThat(ticks).as("decisions of %s", schedule).doesNotHaveDuplicates();
      List<Instant> sorted = ticks.stream().sorted().toList();
      assertThat(Duration.between(sorted.getFirst(), sorted.getLast()).toMinutes() + 1)
          .as("no tick of %s undecided", schedule).isEqualTo(sorted.size());
    });
  }

  private ScheduleTick committed(String schedule, Instant tick) {
    return replicas.committedTicks().stream()
        .filter(t -> t.getSchedule().equals(schedule) && t.getTick().equals(tick)).findFirst().orElse(null);
  }

  /** No run is ever in progress; while held, the firing thread that asks waits. */
  private static final class Stall implements RunState {
    final CountDownLatch blocked = new CountDownLatch(1);
    final AtomicReference<Instant> blockedAt = new AtomicReference<>();
    final AtomicReference<String> schedule = new AtomicReference<>();
    private final Clocks.FastClock clock;
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean held;

    Stall(Clocks.FastClock clock) {
      this.clock = clock;
    }

    void hold() {
      held = true;
    }

    void release() {
      held = false;
      released.countDown();
    }

    @Override
    public boolean hasRunInProgress(String workspace, String name) {
      if (held && blocked.getCount() > 0) {
        blockedAt.set(clock.instant());
        schedule.set(name);
        blocked.countDown();
        try {
          released.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return false;
    }

    @Override
    public void requested(RunFacts.Requested fact) {}
  }
}
