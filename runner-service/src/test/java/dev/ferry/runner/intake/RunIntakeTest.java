package dev.ferry.runner.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.ferry.events.RunRequested;
import dev.ferry.runner.execution.RunRequest;
import dev.ferry.testing.Events;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;

@Tag("unit")
class RunIntakeTest {

  private final Map<String, CountDownLatch> release = new ConcurrentHashMap<>();
  private final List<String> executions = new CopyOnWriteArrayList<>();
  private final List<Long> committed = new CopyOnWriteArrayList<>();
  private final MessageListenerContainer container = mock(MessageListenerContainer.class);
  private final RunIntake intake = new RunIntake(this::execute, 2, Duration.ofSeconds(5));

  {
    intake.attach(container);
  }

  @AfterEach
  void stop() throws InterruptedException {
    release.values().forEach(CountDownLatch::countDown);
    intake.close();
  }

  @Test
  void pausesWhenEverySlotIsBusyAndResumesWhenOneFrees() {
    RunRequested a = Events.aRunRequested().build();
    RunRequested b = Events.aRunRequested().build();

    intake.onMessage(record(0, a), ack(0));
    verify(container, never()).pause();
    intake.onMessage(record(1, b), ack(1));
    verify(container).pause();

    finish(a);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> verify(container).resume());
    assertThat(intake.busySlots()).isEqualTo(1);
  }

  @Test
  void commitsInOrderOnlyWhenEarlierRunsHaveFinished() {
    RunRequested a = Events.aRunRequested().build();
    RunRequested b = Events.aRunRequested().build();
    intake.onMessage(record(0, a), ack(0));
    intake.onMessage(record(1, b), ack(1));

    finish(b);
    await().atMost(Duration.ofSeconds(5)).until(() -> intake.busySlots() == 1);
    assertThat(committed).isEmpty();

    finish(a);
    await().atMost(Duration.ofSeconds(5)).until(() -> committed.contains(1L));
  }

  @Test
  void aRunDeliveredAgainWhileItExecutesIsNotStartedTwice() {
    RunRequested a = Events.aRunRequested().build();
    intake.onMessage(record(0, a), ack(0));
    await().atMost(Duration.ofSeconds(5)).until(() -> executions.size() == 1);

    intake.onMessage(record(1, a), ack(1));
    assertThat(intake.busySlots()).isEqualTo(1);

    finish(a);
    await().atMost(Duration.ofSeconds(5)).until(() -> committed.contains(1L));
    assertThat(executions).containsExactly(a.getRunId());
  }

  @Test
  void aLaterAttemptOfARunExecutingHereRunsOnceItEndsInTheSameSlot() {
    RunRequested first = Events.aRunRequested().build();
    RunRequested retry = Events.aRunRequested().setRunId(first.getRunId()).setAttempt(2).build();
    intake.onMessage(record(0, first), ack(0));
    await().atMost(Duration.ofSeconds(5)).until(() -> executions.size() == 1);

    intake.onMessage(record(1, retry), ack(1));
    intake.onMessage(record(2, first), ack(2));
    assertThat(executions).as("never beside the attempt executing").hasSize(1);
    assertThat(intake.busySlots()).isEqualTo(1);

    finish(first);
    await().atMost(Duration.ofSeconds(5)).until(() -> executions.size() == 2);
    assertThat(committed).as("attempt 2 still runs").containsExactly(0L);
    assertThat(intake.busySlots()).isEqualTo(1);
    finish(retry);
    await().atMost(Duration.ofSeconds(5)).until(() -> committed.contains(2L));
    assertThat(committed).as("committing offset 2 commits 1, the retry's, with it").containsExactly(0L, 2L);
    assertThat(intake.busySlots()).isZero();
  }

  @Test
  void drainingTakesNoNewRunAndWaitsForTheRunsInFlight() throws Exception {
    RunRequested a = Events.aRunRequested().build();
    RunRequested late = Events.aRunRequested().build();
    intake.onMessage(record(0, a), ack(0));
    await().atMost(Duration.ofSeconds(5)).until(() -> executions.size() == 1);

    assertThat(intake.drain(Duration.ofMillis(200))).as("a run is still going").isFalse();
    verify(container).pause();
    intake.onMessage(record(1, late), ack(1));
    assertThat(intake.busySlots()).isEqualTo(1);

    java.util.concurrent.CompletableFuture<Boolean> drained = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return intake.drain(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    finish(a);

    assertThat(drained.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(committed).as("the finished run is committed; the late one is left for another runner")
        .containsExactly(0L);
    assertThat(executions).containsExactly(a.getRunId());
    verify(container, never()).resume();
  }

  private void execute(RunRequest request) throws InterruptedException {
    executions.add(request.runId());
    latch(request.runId() + "#" + request.attempt()).await();
  }

  private void finish(RunRequested run) {
    latch(run.getRunId() + "#" + run.getAttempt()).countDown();
  }

  private CountDownLatch latch(String runAttempt) {
    return release.computeIfAbsent(runAttempt, id -> new CountDownLatch(1));
  }

  private Acknowledgment ack(long offset) {
    return () -> committed.add(offset);
  }

  private static ConsumerRecord<String, RunRequested> record(long offset, RunRequested value) {
    return new ConsumerRecord<>("runs", 0, offset, "default/nightly", value);
  }
}
