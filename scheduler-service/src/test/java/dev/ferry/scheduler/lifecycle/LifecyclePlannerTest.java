package dev.ferry.scheduler.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.events.ArtifactsKept;
import dev.ferry.events.RunPhase;
import dev.ferry.events.Trigger;
import dev.ferry.scheduler.notify.NotificationEvent;
import dev.ferry.scheduler.runs.RunView;
import dev.ferry.schedules.CompletionStatus;
import dev.ferry.schedules.CronSchedule;
import dev.ferry.schedules.Schedule;
import dev.ferry.schedules.Webhook;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LifecyclePlannerTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final Duration LOST_AFTER = Duration.ofMinutes(2);
  private static final String RUN = "0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11";

  private final Map<String, Schedule> schedules = new HashMap<>();
  private final Set<String> known = new java.util.HashSet<>();
  private final Set<String> notified = new java.util.HashSet<>();
  private Instant notifySince = NOW.minus(Duration.ofHours(1));

  @Test
  void aRunningRunSilentForLongerThanLostAfterIsLost() {
    add(schedule("nightly", 0, null));
    RunView silent = running(NOW.minus(Duration.ofMinutes(5)), NOW.minus(LOST_AFTER).minusSeconds(1));
    RunView alive = running(NOW.minus(Duration.ofMinutes(5)), NOW.minusSeconds(30));

    assertThat(plan(silent)).singleElement().isInstanceOfSatisfying(LifecycleAction.MarkLost.class,
        lost -> assertThat(lost.lastSeen()).isEqualTo(NOW.minus(LOST_AFTER).minusSeconds(1)));
    assertThat(plan(alive)).isEmpty();
  }

  @Test
  void aRunWithoutHeartbeatsIsLostFromItsStart() {
    add(schedule("nightly", 0, null));
    assertThat(plan(running(NOW.minus(LOST_AFTER), null))).singleElement().isInstanceOf(LifecycleAction.MarkLost.class);
  }

  @Test
  void retriesFailedTimedOutAndLostRunsAfterTheBackoffWhileAttemptsAreLeft() {
    add(schedule("nightly", 2, null));
    for (RunPhase phase : List.of(RunPhase.FAILED, RunPhase.TIMED_OUT, RunPhase.LOST)) {
      assertThat(plan(ended(phase, 1, NOW.minus(Duration.ofMinutes(1))))).as("%s, backoff passed", phase)
          .singleElement().isInstanceOf(LifecycleAction.Retry.class);
      assertThat(plan(ended(phase, 1, NOW.minusSeconds(59)))).as("%s, backoff not passed", phase).isEmpty();
    }
    assertThat(plan(ended(RunPhase.FAILED, 2, NOW.minus(Duration.ofMinutes(1)))))
        .singleElement().isInstanceOf(LifecycleAction.Retry.class);
  }

  @Test
  void neverRetriesCancelledOrSucceededRunsNorBeyondTheCount() {
    add(schedule("nightly", 2, null));
    Instant longAgo = NOW.minus(Duration.ofHours(1));
    assertThat(plan(ended(RunPhase.CANCELLED, 1, longAgo))).noneMatch(LifecycleAction.Retry.class::isInstance);
    assertThat(plan(ended(RunPhase.SUCCEEDED, 1, longAgo))).noneMatch(LifecycleAction.Retry.class::isInstance);
    assertThat(plan(ended(RunPhase.FAILED, 3, longAgo))).noneMatch(LifecycleAction.Retry.class::isInstance);
  }

  @Test
  void aFailureThatOnlyKeptItsArtifactsIsNeitherRetriedNorNotifiedUntilItsRealOutcomeComes() {
    add(schedule("nightly", 2, null));
    RunView kept = withMessage(ended(RunPhase.FAILED, 1, NOW.minus(Duration.ofHours(1))),
        ArtifactsKept.MESSAGE_PREFIX + "S3 unreachable for 15m; kept in /work/x on runner-1");

    assertThat(plan(kept)).isEmpty();
    assertThat(RunOutcomes.isFinal(kept, schedules.get("nightly"))).isFalse();
  }

  @Test
  void notifiesAFailureOnlyOnceRetriesAreExhaustedAndOnlyOnce() {
    add(schedule("nightly", 1, null));
    assertThat(plan(ended(RunPhase.FAILED, 1, NOW.minusSeconds(10)))).as("a retry is still to come").isEmpty();
    List<LifecycleAction> actions = plan(ended(RunPhase.LOST, 2, NOW.minusSeconds(10)));
    assertThat(actions).singleElement().isInstanceOfSatisfying(LifecycleAction.Notify.class,
        n -> assertThat(n.event()).isEqualTo(NotificationEvent.FAILURE));
    notified.add(((LifecycleAction.Notify) actions.getFirst()).key());
    assertThat(plan(ended(RunPhase.LOST, 2, NOW.minusSeconds(10)))).isEmpty();
  }

  @Test
  void notifiesSuccessButNotEndingsFromBeforeItTookOver() {
    add(schedule("nightly", 0, null));
    assertThat(plan(ended(RunPhase.SUCCEEDED, 1, NOW.minusSeconds(10)))).singleElement()
        .isInstanceOfSatisfying(LifecycleAction.Notify.class, n -> assertThat(n.event()).isEqualTo(NotificationEvent.SUCCESS));
    notifySince = NOW.minusSeconds(5);
    assertThat(plan(ended(RunPhase.SUCCEEDED, 1, NOW.minusSeconds(10)))).isEmpty();
    assertThat(plan(ended(RunPhase.CANCELLED, 1, NOW.minusSeconds(1)))).as("a cancel is nobody's failure").isEmpty();
  }

  @Test
  void anSlaMissIsNotifiedOnceItsDeadlinePassesUnlessTheRunSucceededInTime() {
    add(new Schedule("default", "hourly", "", null, CronSchedule.parse("0 * * * *"), ZoneOffset.UTC, List.of(List.of("run")),
        project(), null, Map.of(), null, null, null, null, null, null, Duration.ofMinutes(30), null, null, null, source()));
    Instant tick = NOW.minus(Duration.ofMinutes(30));
    RunView running = withTick(running(tick.plusSeconds(5), NOW.minusSeconds(5)), tick);
    Instant earlier = NOW.minus(Duration.ofMinutes(40));
    RunView late = withTick(ended(RunPhase.SUCCEEDED, 1, NOW.minusSeconds(1)), earlier);
    RunView inTime = withTick(ended(RunPhase.SUCCEEDED, 1, earlier.plus(Duration.ofMinutes(29))), earlier);

    assertThat(plan(running)).singleElement().isInstanceOfSatisfying(LifecycleAction.Notify.class, n -> {
      assertThat(n.event()).isEqualTo(NotificationEvent.SLA_MISS);
      assertThat(n.slaDeadline()).isEqualTo(NOW);
    });
    assertThat(plan(late)).filteredOn(a -> a instanceof LifecycleAction.Notify n && n.event() == NotificationEvent.SLA_MISS)
        .hasSize(1);
    assertThat(plan(inTime)).noneMatch(a -> a instanceof LifecycleAction.Notify n && n.event() == NotificationEvent.SLA_MISS);
    assertThat(plan(withTick(running, tick.plusSeconds(1)))).as("deadline not reached").isEmpty();
  }

  @Test
  void firesTheDownstreamScheduleOnceOnAFinalOutcomeItWaitsFor() {
    add(schedule("nightly", 1, null));
    add(schedule("downstream", 0, new Schedule.CompletionTrigger("nightly", EnumSet.of(CompletionStatus.SUCCEEDED))));
    add(schedule("on-failure", 0, new Schedule.CompletionTrigger("nightly", EnumSet.of(CompletionStatus.FAILED))));
    String id = CompletionRunIds.forCompletion("default", "downstream", RUN);

    assertThat(plan(ended(RunPhase.SUCCEEDED, 1, NOW.minusSeconds(1)))).filteredOn(LifecycleAction.TriggerOnCompletion.class::isInstance)
        .singleElement().isInstanceOfSatisfying(LifecycleAction.TriggerOnCompletion.class, t -> {
          assertThat(t.downstream().name()).isEqualTo("downstream");
          assertThat(t.runId()).isEqualTo(id);
        });
    known.add(id);
    assertThat(plan(ended(RunPhase.SUCCEEDED, 1, NOW.minusSeconds(1)))).noneMatch(LifecycleAction.TriggerOnCompletion.class::isInstance);
    assertThat(plan(ended(RunPhase.FAILED, 1, NOW.minusSeconds(1)))).as("a retry follows: not final")
        .noneMatch(LifecycleAction.TriggerOnCompletion.class::isInstance);
    assertThat(plan(ended(RunPhase.FAILED, 2, NOW.minusSeconds(1)))).filteredOn(LifecycleAction.TriggerOnCompletion.class::isInstance)
        .singleElement().extracting(a -> ((LifecycleAction.TriggerOnCompletion) a).downstream().name()).isEqualTo("on-failure");
  }

  @Test
  void aCiRunIsRetriedButNeitherNotifiesNorFiresADownstreamSchedule() {
    add(schedule("nightly", 1, null));
    add(schedule("downstream", 0, new Schedule.CompletionTrigger("nightly", EnumSet.of(CompletionStatus.FAILED))));
    assertThat(plan(ci(ended(RunPhase.FAILED, 1, NOW.minus(Duration.ofMinutes(1)))))).singleElement()
        .isInstanceOf(LifecycleAction.Retry.class);
    assertThat(plan(ci(ended(RunPhase.FAILED, 2, NOW.minusSeconds(1))))).isEmpty();
  }

  @Test
  void decidesOnlyForTheSchedulesItOwns() {
    add(schedule("nightly", 2, null));
    List<LifecycleAction> actions = LifecyclePlanner.plan(List.of(ended(RunPhase.FAILED, 1, NOW.minus(Duration.ofHours(1)))),
        inputs(name -> false));
    assertThat(actions).isEmpty();
  }

  @Test
  void runsThatEndedBeforeTheHorizonAreHistory() {
    add(schedule("nightly", 2, null));
    assertThat(plan(ended(RunPhase.FAILED, 1, NOW.minus(Duration.ofDays(2))))).isEmpty();
  }

  private List<LifecycleAction> plan(RunView run) {
    return LifecyclePlanner.plan(List.of(run), inputs(name -> true));
  }

  private LifecyclePlanner.Inputs inputs(java.util.function.Predicate<String> owns) {
    return new LifecyclePlanner.Inputs(owns, schedules, NOW, LOST_AFTER, NOW.minus(Duration.ofDays(1)), notifySince,
        known::contains, notified::contains);
  }

  private void add(Schedule schedule) {
    schedules.put(schedule.name(), schedule);
  }

  private static Schedule schedule(String name, int retries, Schedule.CompletionTrigger trigger) {
    Schedule.Notifications notifications = new Schedule.Notifications(
        List.of(new Webhook.Url(URI.create("https://hooks.example.com/f"))), List.of(), List.of());
    return new Schedule("default", name, "", null, null, ZoneOffset.UTC, List.of(List.of("run")), project(), null,
        Map.of(), null, new Schedule.RetryPolicy(retries, Duration.ofMinutes(1)), null, null, trigger, notifications,
        null, null, null, null, source());
  }

  private static Schedule.ProjectRef project() {
    return new Schedule.ProjectRef("https://example.com/acme/analytics.git", "main", null);
  }

  private static Schedule.Source source() {
    return new Schedule.Source(Path.of("ferry_schedules.yml"), 1);
  }

  private static RunView running(Instant startedAt, Instant lastHeartbeat) {
    return view(RunPhase.RUNNING, 1, startedAt, null, lastHeartbeat);
  }

  private static RunView ended(RunPhase phase, int attempt, Instant finishedAt) {
    return view(phase, attempt, finishedAt.minusSeconds(60), finishedAt, null);
  }

  private static RunView view(RunPhase phase, int attempt, Instant startedAt, Instant finishedAt, Instant heartbeat) {
    return new RunView(RUN, "default", "nightly", Trigger.SCHEDULER, attempt, phase, "scheduler",
        startedAt.minusSeconds(1), null, startedAt, finishedAt, heartbeat, "runner-1", null, null, null, List.of(),
        List.of());
  }

  private static RunView ci(RunView run) {
    return new RunView(run.runId(), run.workspace(), run.schedule(), Trigger.CI, run.attempt(), run.phase(),
        "ci", run.requestedAt(), null, run.startedAt(), run.finishedAt(), run.lastHeartbeatAt(), run.worker(),
        run.gitSha(), run.dbtVersion(), run.message(), run.commands(), run.artifacts());
  }

  private static RunView withMessage(RunView run, String message) {
    return new RunView(run.runId(), run.workspace(), run.schedule(), run.trigger(), run.attempt(), run.phase(),
        run.requestedBy(), run.requestedAt(), run.scheduledTick(), run.startedAt(), run.finishedAt(),
        run.lastHeartbeatAt(), run.worker(), run.gitSha(), run.dbtVersion(), message, run.commands(), run.artifacts());
  }

  private static RunView withTick(RunView run, Instant tick) {
    return new RunView(run.runId(), run.workspace(), "hourly", run.trigger(), run.attempt(), run.phase(),
        run.requestedBy(), run.requestedAt(), tick, run.startedAt(), run.finishedAt(), run.lastHeartbeatAt(),
        run.worker(), run.gitSha(), run.dbtVersion(), run.message(), run.commands(), run.artifacts());
  }
}
