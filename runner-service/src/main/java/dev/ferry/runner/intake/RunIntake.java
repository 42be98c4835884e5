package dev.ferry.runner.intake;

import dev.ferry.events.RunRequested;
import dev.ferry.runner.execution.RunExecutor;
import dev.ferry.runner.execution.RunRequest;
import dev.ferry.runner.wire.EventMapper;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
 * no run; a run cut short by a shutdown is delivered again.
 */
final class RunIntake implements AcknowledgingMessageListener<String, RunRequested>, ConsumerAwareRebalanceListener,
    AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunIntake.class);

  private final RunExecutor executor;
  private final int slots;
  private final ExecutorService slotThreads;
  private final InFlightOffsets offsets = new InFlightOffsets();
  private final AtomicInteger busy = new AtomicInteger();
  private volatile MessageListenerContainer container;

  RunIntake(RunExecutor executor, int slots) {
    this.executor = executor;
    this.slots = slots;
    this.slotThreads = Executors.newFixedThreadPool(slots, Thread.ofPlatform().name("run-slot-", 1).factory());
  }

  void attach(MessageListenerContainer container) {
    this.container = container;
  }

  int busySlots() {
    return busy.get();
  }

  @Override
  public void onMessage(ConsumerRecord<String, RunRequested> record, Acknowledgment ack) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    offsets.begin(partition, record.offset(), ack);
    RunRequest request = EventMapper.toRequest(record.value());
    if (busy.incrementAndGet() >= slots) {
      container.pause();
      log.info("All {} run slots busy; pausing intake", slots);
    }
    slotThreads.execute(() -> run(request, partition, record.offset()));
  }

  private void run(RunRequest request, TopicPartition partition, long offset) {
    try {
      executor.execute(request);
      offsets.finish(partition, offset).ifPresent(Acknowledgment::acknowledge);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.info("Run {} was stopped by the shutdown; it will be delivered again", request.runId());
    } catch (RuntimeException e) {
      log.error("Run {} of {} did not complete: {}; it will be delivered again after a restart",
          request.runId(), request.scheduleKey(), e.getMessage(), e);
    } finally {
      busy.decrementAndGet();
      MessageListenerContainer current = container;
      if (current != null && current.isPauseRequested()) {
        current.resume();
        log.info("A run slot is free; resuming intake");
      }
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

  /** Interrupts running runs: their dbt is stopped and their records stay uncommitted. */
  @Override
  public void close() {
    slotThreads.shutdownNow();
  }
}
