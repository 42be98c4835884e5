package dev.ferry.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CancellationsTest {

  private final Cancellations cancellations = new Cancellations();

  @Test
  void aRunCancelledBeforeItStartsIsNeverPerformed() {
    cancellations.cancel("run-1", "ana");

    assertThat(cancellations.performing("run-1")).isFalse();
    assertThat(cancellations.cancelledBy("run-1")).contains("ana");
    assertThat(cancellations.performing("run-2")).isTrue();
    cancellations.performed("run-2");
  }

  @Test
  void aCancelInterruptsTheThreadPerformingTheRunAndOnlyWhileItDoes() throws Exception {
    CountDownLatch performing = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread worker = Thread.ofPlatform().start(() -> {
      cancellations.performing("run-1");
      performing.countDown();
      try {
        new CountDownLatch(1).await(); // stands for dbt, which runs until something stops it: the cancel
      } catch (InterruptedException e) {
        interrupted.set(true);
      } finally {
        cancellations.performed("run-1");
      }
    });
    performing.await();

    cancellations.cancel("run-1", "ana");
    worker.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(interrupted).isTrue();
    cancellations.cancel("run-1", "bob");
    assertThat(cancellations.cancelledBy("run-1")).as("the first cancel is the one recorded").contains("ana");
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }
}
