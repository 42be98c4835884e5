package dev.ferry.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CancellationsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final Cancellations cancellations = new Cancellations();

  CancellationsTest() {
    cancellations.caughtUp();
  }

  @Test
  void aRunCancelledBeforeItStartsIsNeverPerformed() throws Exception {
    cancellations.cancel("run-1", "ana");

    assertThat(cancellations.performing("run-1", 1, PATIENCE)).isFalse();
    assertThat(cancellations.cancelledBy("run-1", 1)).contains("ana");
    assertThat(cancellations.cancelledBy("run-1", 7)).as("a cancel without an attempt covers every attempt").contains("ana");
    assertThat(cancellations.performing("run-2", 1, PATIENCE)).isTrue();
    cancellations.performed("run-2", 1);
  }

  @Test
  void aCancelInterruptsTheThreadPerformingTheRunAndOnlyWhileItDoes() throws Exception {
    CountDownLatch performing = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread worker = Thread.ofPlatform().start(() -> {
      try {
        cancellations.performing("run-1", 1, PATIENCE);
        performing.countDown();
        new CountDownLatch(1).await(); // stands for dbt, which runs until something stops it: the cancel
      } catch (InterruptedException e) {
        interrupted.set(true);
      } finally {
        cancellations.performed("run-1", 1);
      }
    });
    performing.await();

    cancellations.cancel("run-1", "ana");
    worker.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(interrupted).isTrue();
    cancellations.cancel("run-1", "bob");
    assertThat(cancellations.cancelledBy("run-1", 1)).as("the first cancel is the one recorded").contains("ana");
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aCancelBoundedToAnAttemptStopsThatAttemptButNeverTheRetry() throws Exception {
    cancellations.cancel("run-1", 1, "scheduler (lost)");

    assertThat(cancellations.superseded("run-1", 1, PATIENCE)).as("a redelivery of the lost attempt").isTrue();
    assertThat(cancellations.superseded("run-1", 2, PATIENCE)).as("the retry").isFalse();
    assertThat(cancellations.performing("run-1", 1, PATIENCE)).isFalse();
    assertThat(cancellations.performing("run-1", 2, PATIENCE)).as("the retry").isTrue();
    cancellations.cancel("run-1", 1, "scheduler (lost)");
    assertThat(Thread.interrupted()).as("the cancel of attempt 1 leaves attempt 2 running").isFalse();
    assertThat(cancellations.cancelledBy("run-1", 2)).isEmpty();

    cancellations.cancel("run-1", "ana");
    assertThat(Thread.interrupted()).as("a cancel of every attempt stops the retry too").isTrue();
    assertThat(cancellations.superseded("run-1", 1)).as("and is a cancel, published as such").isFalse();
    cancellations.performed("run-1", 2);
    assertThat(cancellations.cancelledBy("run-1", 2)).contains("ana");
  }

  @Test
  void performingWaitsForTheCancelsOnTheTopicAtStartUp() throws Exception {
    Cancellations starting = new Cancellations();
    AtomicBoolean performed = new AtomicBoolean(true);
    CountDownLatch decided = new CountDownLatch(1);
    Thread worker = Thread.ofPlatform().start(() -> {
      try {
        performed.set(starting.performing("run-1", 1, PATIENCE));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        decided.countDown();
      }
    });

    assertThat(decided.await(200, TimeUnit.MILLISECONDS)).as("no decision before the cancels are read").isFalse();
    starting.cancel("run-1", "ana");
    starting.caughtUp();
    worker.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(performed).as("the cancel read during the replay counts").isFalse();
  }
}
