package dev.ferry.runner.intake;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the runner when it is asked to stop (SIGTERM from a Kubernetes rollout): it stops taking
 * runs and lets those in flight finish for up to {@code ferry.runner.drain-timeout}. It stops
 * before the Kafka containers do (a higher phase stops first), so the consumer stays in its group
 * while the runs finish; runs still going at the timeout are stopped afterwards and delivered again.
 */
final class RunnerDrain implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RunnerDrain.class);

  private final RunIntake intake;
  private final Duration timeout;
  private volatile boolean running;

  RunnerDrain(RunIntake intake, Duration timeout) {
    this.intake = intake;
    this.timeout = timeout;
  }

  @Override
  public void start() {
    running = true;
  }

  /** Blocks until drained or timed out; the shutdown-phase timeout applies to asynchronous stops only. */
  @Override
  public void stop() {
    try {
      if (intake.drain(timeout)) {
        log.info("Drained: no run in flight");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      running = false;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops first: before spring-kafka's containers ({@code Integer.MAX_VALUE - 100}) leave the group. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
