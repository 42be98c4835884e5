package dev.ferry.runner.wire;

import dev.ferry.events.ScheduleKey;
import dev.ferry.events.Topics;
import dev.ferry.runner.RunnerProperties;
import dev.ferry.runner.execution.RunEvents;
import dev.ferry.runner.execution.RunOutcome;
import dev.ferry.runner.execution.RunRequest;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a run's life: RunStarted and RunHeartbeat on {@code ferry.run.events} keyed by run id,
 * RunCompleted on {@code ferry.run.completed} keyed by workspace/schedule. Start and completion
 * wait for the broker's acknowledgement; a heartbeat does not.
 */
@Component
class RunEventPublisher implements RunEvents {

  private static final Logger log = LoggerFactory.getLogger(RunEventPublisher.class);
  private static final long ACK_TIMEOUT_SECONDS = 120;

  private final KafkaTemplate<String, SpecificRecord> kafka;
  private final Topics topics;
  private final String worker;

  RunEventPublisher(KafkaTemplate<String, SpecificRecord> kafka, Topics topics, RunnerProperties properties) {
    this.kafka = kafka;
    this.topics = topics;
    this.worker = properties.workerId();
  }

  @Override
  public void started(RunRequest request, Instant startedAt, String gitSha) {
    send(topics.runEvents().name(), request.runId(), EventMapper.started(request, startedAt, worker, gitSha));
  }

  @Override
  public void heartbeat(RunRequest request, Instant at) {
    kafka.send(topics.runEvents().name(), request.runId(), EventMapper.heartbeat(request, at, worker))
        .whenComplete((result, error) -> {
          if (error != null) {
            log.warn("Heartbeat of run {} not published: {}", request.runId(), error.getMessage());
          }
        });
  }

  @Override
  public void completed(RunRequest request, RunOutcome outcome) {
    String key = new ScheduleKey(request.workspace(), request.schedule()).toString();
    send(topics.runCompleted().name(), key, EventMapper.completed(request, outcome, worker));
  }

  private void send(String topic, String key, SpecificRecord event) {
    try {
      kafka.send(topic, key, event).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing " + event.getSchema().getName(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not publish " + event.getSchema().getName() + " to " + topic, e);
    }
  }
}
