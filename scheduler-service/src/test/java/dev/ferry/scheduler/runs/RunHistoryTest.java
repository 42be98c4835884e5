package dev.ferry.scheduler.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.events.ArtifactsKept;
import dev.ferry.events.RunPhase;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Trigger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RunHistoryTest {

  private static final String RUN = "0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11";
  private static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");

  private final RunHistory history = new RunHistory();

  @Test
  void followsARunThroughItsLife() {
    history.apply(requested());
    assertThat(history.find(RUN)).get().extracting(RunView::phase).isEqualTo(RunPhase.REQUESTED);

    history.apply(started());
    assertThat(history.find(RUN)).get().extracting(RunView::phase, RunView::gitSha).containsExactly(RunPhase.RUNNING, "abc");

    history.apply(completed(RunStatus.SUCCEEDED));
    RunView run = history.find(RUN).orElseThrow();
    assertThat(run.phase()).isEqualTo(RunPhase.SUCCEEDED);
    assertThat(run.trigger()).isEqualTo(Trigger.MANUAL);
    assertThat(run.requestedBy()).isEqualTo("alice");
    assertThat(run.finishedAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void toleratesEventsArrivingOutOfOrder() {
    history.apply(completed(RunStatus.FAILED));
    history.apply(started());
    history.apply(requested());

    RunView run = history.find(RUN).orElseThrow();
    assertThat(run.phase()).isEqualTo(RunPhase.FAILED);
    assertThat(run.requestedBy()).isEqualTo("alice");
    assertThat(run.startedAt()).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void aLateOrDuplicateEndingNeverRewritesAFinishedRun() {
    history.apply(requested());
    history.apply(completed(RunStatus.SUCCEEDED));
    history.apply(completed(RunStatus.FAILED));

    assertThat(history.find(RUN).orElseThrow().phase()).isEqualTo(RunPhase.SUCCEEDED);
  }

  @Test
  void listsASchedulesRunsNewestFirst() {
    String older = "11111111-1111-4111-8111-111111111111";
    history.apply(new RunFacts.Requested(older, "default", "nightly", Trigger.SCHEDULER, 1, "scheduler", T0.minusSeconds(3600), T0));
    history.apply(requested());
    history.apply(new RunFacts.Requested("22222222-2222-4222-8222-222222222222", "default", "hourly", Trigger.API, 1, "x", T0, null));

    assertThat(history.ofSchedule("default", "nightly", 10)).extracting(RunView::runId).containsExactly(RUN, older);
    assertThat(history.ofSchedule("default", "nightly", 1)).extracting(RunView::runId).containsExactly(RUN);
  }

  @Test
  void aRunIsInProgressFromItsRequestUntilItsCompletion() {
    assertThat(history.hasRunInProgress("default", "nightly")).isFalse();

    history.apply(started());
    assertThat(history.hasRunInProgress("default", "nightly")).as("started, request not seen yet").isTrue();
    assertThat(history.hasRunInProgress("default", "hourly")).isFalse();

    history.apply(completed(RunStatus.FAILED));
    assertThat(history.hasRunInProgress("default", "nightly")).isFalse();

    history.apply(new RunFacts.Requested("11111111-1111-4111-8111-111111111111", "default", "nightly", Trigger.API, 1,
        "x", T0, null));
    assertThat(history.hasRunInProgress("default", "nightly")).as("requested, not started").isTrue();
  }

  @Test
  void runsInProgressAreTheSchedulesOwnInItsOwnWorkspace() {
    String otherWorkspace = "33333333-3333-4333-8333-333333333333";
    String ended = "44444444-4444-4444-8444-444444444444";
    history.apply(requested());
    history.apply(new RunFacts.Requested(otherWorkspace, "finance", "nightly", Trigger.API, 1, "x", T0, null));
    history.apply(new RunFacts.Completed(ended, "default", "nightly", Trigger.API, 1, RunStatus.SUCCEEDED, T0, T0,
        "abc", "1.11.16", null, "runner-1", List.of(), List.of()));

    assertThat(history.runsInProgress("default", "nightly")).containsExactly(RUN);
    assertThat(history.runsInProgress("finance", "nightly")).containsExactly(otherWorkspace);
    assertThat(history.ofSchedule("default", "nightly", 10)).extracting(RunView::runId)
        .containsExactlyInAnyOrder(RUN, ended);

    history.apply(completed(RunStatus.SUCCEEDED));
    assertThat(history.hasRunInProgress("default", "nightly")).isFalse();
    assertThat(history.hasRunInProgress("finance", "nightly")).isTrue();
  }

  @Test
  void forgetsRunsThatEndedBeforeTheCutoffButNeverOnesInProgress() {
    String running = "55555555-5555-4555-8555-555555555555";
    history.apply(requested());
    history.apply(completed(RunStatus.SUCCEEDED)); // finished at T0 + 60 s
    history.apply(new RunFacts.Requested(running, "default", "nightly", Trigger.API, 1, "x", T0.minusSeconds(86_400), null));

    assertThat(history.forgetEndedBefore(T0.plusSeconds(60))).as("ended exactly at the cutoff").isZero();
    assertThat(history.forgetEndedBefore(T0.plusSeconds(61))).isEqualTo(1);

    assertThat(history.find(RUN)).isEmpty();
    assertThat(history.ofSchedule("default", "nightly", 10)).extracting(RunView::runId).containsExactly(running);
    assertThat(history.hasRunInProgress("default", "nightly")).isTrue();
  }

  @Test
  void aRetryStartsTheRunAfreshAndTheOlderAttemptNoLongerMovesIt() {
    history.apply(requested());
    history.apply(started());
    history.apply(completed(RunStatus.LOST, 1));
    history.apply(new RunFacts.Requested(RUN, "default", "nightly", Trigger.MANUAL, 2, "scheduler (retry)",
        T0.plusSeconds(300), null));
    assertThat(history.find(RUN).orElseThrow()).extracting(RunView::phase, RunView::attempt, RunView::finishedAt)
        .containsExactly(RunPhase.REQUESTED, 2, null);

    history.apply(completed(RunStatus.FAILED, 1));
    history.apply(started());
    history.apply(requested());
    assertThat(history.find(RUN).orElseThrow()).as("the slow first attempt's late events")
        .extracting(RunView::phase, RunView::attempt).containsExactly(RunPhase.REQUESTED, 2);

    history.apply(new RunFacts.Started(RUN, "default", "nightly", 2, T0.plusSeconds(301), "runner-2", "def"));
    history.apply(new RunFacts.Heartbeat(RUN, "default", "nightly", T0.plusSeconds(400), "runner-1", null));
    assertThat(history.find(RUN).orElseThrow().lastHeartbeatAt()).as("a heartbeat of the old attempt's worker")
        .isNull();
    history.apply(new RunFacts.Heartbeat(RUN, "default", "nightly", T0.plusSeconds(410), "runner-2", 1));
    assertThat(history.find(RUN).orElseThrow().lastHeartbeatAt())
        .as("the old attempt's heartbeat, on the worker that now runs the retry").isNull();
    history.apply(new RunFacts.Heartbeat(RUN, "default", "nightly", T0.plusSeconds(420), "runner-2", 2));
    assertThat(history.find(RUN).orElseThrow().lastHeartbeatAt()).isEqualTo(T0.plusSeconds(420));
    history.apply(completed(RunStatus.SUCCEEDED, 2));
    assertThat(history.find(RUN).orElseThrow()).extracting(RunView::phase, RunView::attempt)
        .containsExactly(RunPhase.SUCCEEDED, 2);
  }

  @Test
  void theRealOutcomeOfALostAttemptWinsOverLost() {
    history.apply(requested());
    history.apply(started());
    history.apply(completed(RunStatus.LOST, 1));
    history.apply(completed(RunStatus.SUCCEEDED, 1));
    history.apply(completed(RunStatus.LOST, 1));

    assertThat(history.find(RUN).orElseThrow().phase()).isEqualTo(RunPhase.SUCCEEDED);
  }

  @Test
  void theOwedOutcomeOfARunThatKeptItsArtifactsReplacesItsFailure() {
    history.apply(requested());
    history.apply(started());
    RunFacts.Completed kept = completed(RunStatus.FAILED, 1);
    history.apply(new RunFacts.Completed(RUN, "default", "nightly", Trigger.MANUAL, 1, RunStatus.FAILED,
        kept.startedAt(), kept.finishedAt(), "abc", "1.11.16", ArtifactsKept.MESSAGE_PREFIX + "S3 away; kept",
        "runner-1", List.of(), List.of()));
    history.apply(completed(RunStatus.SUCCEEDED, 1));
    history.apply(completed(RunStatus.FAILED, 1));

    assertThat(history.find(RUN).orElseThrow().phase()).as("then it stays as it ended").isEqualTo(RunPhase.SUCCEEDED);
  }

  @Test
  void aCompletionOfANewerAttemptSeenBeforeItsRequestCounts() {
    history.apply(requested());
    history.apply(completed(RunStatus.FAILED, 1));
    history.apply(completed(RunStatus.SUCCEEDED, 2));

    assertThat(history.find(RUN).orElseThrow()).extracting(RunView::phase, RunView::attempt)
        .containsExactly(RunPhase.SUCCEEDED, 2);
  }

  private static RunFacts.Requested requested() {
    return new RunFacts.Requested(RUN, "default", "nightly", Trigger.MANUAL, 1, "alice", T0, null);
  }

  private static RunFacts.Started started() {
    return new RunFacts.Started(RUN, "default", "nightly", 1, T0.plusSeconds(1), "runner-1", "abc");
  }

  private static RunFacts.Completed completed(RunStatus status) {
    return completed(status, 1);
  }

  private static RunFacts.Completed completed(RunStatus status, int attempt) {
    return new RunFacts.Completed(RUN, "default", "nightly", Trigger.MANUAL, attempt, status, T0.plusSeconds(1),
        T0.plusSeconds(60), "abc", "1.11.16", null, "runner-1", List.of(), List.of());
  }
}
