package dev.ferry.runner.intake;

import dev.ferry.events.RunRequested;
import dev.ferry.runner.execution.RunRequest;
import dev.ferry.runner.wire.EventMapper;
import dev.ferry.support.tracing.TraceContextExecutors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Takes run requests off Kafka without ever blocking the poll thread for a run: each record is
 * handed to one of {@code slots} threads, and when all are busy the container is paused (the
 * consumer keeps polling, so the group does not rebalance) until a run ends. A record's offset is
 * committed once it and every record before it on its partition have finished, so a crash loses
 * no run; a run cut short by a shutdown is delivered again. A request for a run this runner is
 * already executing (delivered again after a rebalance) waits for that execution instead of
 * starting a second one; a later attempt of it (the retry of an attempt the scheduler ended
 * LOST) runs once that execution has ended, in the same slot, never beside it.
 *
 * <p>The poll thread calls {@link #onMessage}; slot threads finish runs. Slot accounting and the
 * pause decision happen under one lock, so a run ending while the last slot is taken can never
 * leave intake paused with a slot free.
 */
final class RunIntake implements AcknowledgingMessageListener<String, RunRequested>, ConsumerAwareRebalanceListener,
    AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunIntake.class);

  private final RunExecution execution;
  private final KnownSchedules schedules;
  private final int slots;
  private final Duration stopTimeout;
  private final ExecutorService slotThreads;
  private final InFlightOffsets offsets = new InFlightOffsets();
  /** Each executing run by id; guarded by {@code this}. */
  private final Map<String, Execution> executing = new HashMap<>();
  private int busy;
  private boolean paused;
  private boolean draining;
  private volatile MessageListenerContainer container;

  /** Executes one run to its end; interrupted when the runner stops. */
  @FunctionalInterface
  interface RunExecution {
    void execute(RunRequest request) throws InterruptedException;
  }

  private record Delivery(TopicPartition partition, long offset) {}

  /**
   * A run executing here: the deliveries of its attempt (the first one included), and the latest
   * later attempt delivered meanwhile, which runs when this one ends.
   */
  private static final class Execution {
    private final int attempt;
    private final List<Delivery> deliveries = new ArrayList<>();
    private RunRequest later;
    private final List<Delivery> laterDeliveries = new ArrayList<>();

    private Execution(int attempt, Delivery delivery) {
      this.attempt = attempt;
      deliveries.add(delivery);
    }
  }

  /** A request for a schedule the runner's schedules file does not hold. */
  static final class UnknownScheduleException extends IllegalArgumentException {
    UnknownScheduleException(String message) {
      super(message);
    }
  }

  RunIntake(RunExecution execution, int slots, Duration stopTimeout) {
    this(execution, slots, stopTimeout, KnownSchedules.any());
  }

  RunIntake(RunExecution execution, int slots, Duration stopTimeout, KnownSchedules schedules) {
    this.execution = execution;
    this.schedules = schedules;
    this.slots = slots;
    this.stopTimeout = stopTimeout;
    // A run goes on in the trace of its RunRequested: its log lines and events carry that trace id.
    this.slotThreads = TraceContextExecutors.propagating(
        Executors.newFixedThreadPool(slots, Thread.ofPlatform().name("run-slot-", 1).factory()));
  }

  void attach(MessageListenerContainer container) {
    this.container = container;
  }

  synchronized int busySlots() {
    return busy;
  }

  @Override
  public void onMessage(ConsumerRecord<String, RunRequested> record, Acknowledgment ack) {
    String unknown = schedules.unknown(record.value().getWorkspace(), record.value().getSchedule());
    if (unknown != null) {
      log.warn("Run {} goes to the dead-letter topic: {}", record.value().getRunId(), unknown);
      throw new UnknownScheduleException(unknown); // not retried: the error handler dead-letters it with this reason
    }
    RunRequest request = EventMapper.toRequest(record.value());
    Delivery delivery = new Delivery(new TopicPartition(record.topic(), record.partition()), record.offset());
    offsets.begin(delivery.partition(), delivery.offset(), ack);
    synchronized (this) {
      if (draining) {
        // Fetched as intake paused for the drain: left uncommitted, so it is delivered again.
        log.info("Run {} arrived while draining; it will be delivered again", request.runId());
        return;
      }
      Execution current = executing.get(request.runId());
      if (current != null && request.attempt() <= current.attempt) {
        current.deliveries.add(delivery);
        log.info("Run {} is already executing here; its new delivery waits for that execution", request.runId());
        return;
      }
      if (current != null) {
        if (current.later == null || request.attempt() > current.later.attempt()) {
          current.later = request;
        }
        current.laterDeliveries.add(delivery);
        log.info("Run {}: attempt {} waits for attempt {}, executing here, to end", request.runId(),
            request.attempt(), current.attempt);
        return;
      }
      executing.put(request.runId(), new Execution(request.attempt(), delivery));
      busy++;
      if (busy >= slots && !paused) {
        paused = true;
        container.pause();
        log.info("All {} run slots busy; pausing intake", slots);
      }
    }
    slotThreads.execute(() -> run(request));
  }

  private void run(RunRequest request) {
    boolean completed = false;
    try {
      execution.execute(request);
      completed = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.info("Run {} was stopped by the shutdown; it will be delivered again", request.runId());
    } catch (RuntimeException e) {
      log.error("Run {} of {} did not complete: {}; it will be delivered again after a restart",
          request.runId(), request.scheduleKey(), e.getMessage(), e);
    } finally {
      release(request, completed);
    }
  }

  private synchronized void release(RunRequest request, boolean completed) {
    Execution ended = executing.remove(request.runId());
    if (completed) {
      for (Delivery delivery : ended.deliveries) {
        offsets.finish(delivery.partition(), delivery.offset()).ifPresent(Acknowledgment::acknowledge);
      }
      if (ended.later != null && !draining) {
        RunRequest later = ended.later;
        Execution next = new Execution(later.attempt(), ended.laterDeliveries.getFirst());
        next.deliveries.addAll(ended.laterDeliveries.subList(1, ended.laterDeliveries.size()));
        executing.put(later.runId(), next);
        slotThreads.execute(() -> run(later)); // keeps this slot
        return;
      }
    }
    busy--;
    notifyAll();
    if (paused && busy < slots && !draining) {
      paused = false;
      container.resume();
      log.info("A run slot is free; resuming intake");
    }
  }

  @Override
  public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    offsets.forget(partitions);
  }

  @Override
  public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    offsets.forget(partitions);
  }

  /**
   * Stops taking runs and waits up to {@code timeout} for the runs in flight to finish, their
   * records committed. The consumer stays in its group meanwhile (intake is paused, not stopped),
   * so no other runner is handed these partitions, and so these runs, while they finish here.
   *
   * @return whether every run finished in time; those still running are stopped by {@link #close}
   *     and, their records uncommitted, delivered again to another runner
   */
  boolean drain(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      draining = true;
      if (!paused && container != null) {
        paused = true;
        container.pause();
      }
      if (busy > 0) {
        log.info("Draining: waiting up to {} for {} run(s) to finish", timeout, busy);
      }
      while (busy > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          log.warn("Drain timeout of {} passed with {} run(s) still running; stopping them, to be delivered again",
              timeout, busy);
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  /**
   * Interrupts running runs, which stop their dbt (SIGTERM, then SIGKILL after the grace period)
   * and leave their records uncommitted, and waits for that to happen.
   */
  @Override
  public void close() throws InterruptedException {
    slotThreads.shutdownNow();
    if (!slotThreads.awaitTermination(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn("Runs still stopping after {}; leaving them", stopTimeout);
    }
  }
}
