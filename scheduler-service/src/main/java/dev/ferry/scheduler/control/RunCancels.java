package dev.ferry.scheduler.control;

import dev.ferry.events.RunCancelRequested;
import dev.ferry.events.Topics;
import dev.ferry.scheduler.SchedulerProperties;
import dev.ferry.scheduler.runs.RunView;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Asks the runners to stop a run: a RunCancelRequested on {@code ferry.run.control}, keyed by run
 * id, which every runner reads. The runner executing it stops dbt and ends the run CANCELLED; a
 * run still queued ends CANCELLED when a runner takes it, without starting.
 */
@Component
public class RunCancels {

  private static final Logger log = LoggerFactory.getLogger(RunCancels.class);

  private final KafkaTemplate<String, SpecificRecord> kafka;
  private final Topics topics;
  private final SchedulerProperties properties;
  private final Clock clock;
  private final CancelRequests requests;

  RunCancels(KafkaTemplate<String, SpecificRecord> kafka, Topics topics, SchedulerProperties properties, Clock clock,
      CancelRequests requests) {
    this.kafka = kafka;
    this.requests = requests;
    this.topics = topics;
    this.properties = properties;
    this.clock = clock;
  }

  /** Publishes the cancel of a run that has not ended; returns once Kafka has it. */
  public void cancel(RunView run, String requestedBy) {
    RunCancelRequested cancel = RunCancelRequested.newBuilder().setRunId(run.runId()).setWorkspace(run.workspace())
        .setSchedule(run.schedule()).setRequestedAt(clock.instant()).setRequestedBy(requestedBy).build();
    try {
      kafka.send(topics.runControl().name(), run.runId(), cancel)
          .get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking to cancel run " + run.runId(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not ask to cancel run " + run.runId() + ": Kafka did not take it", e);
    }
    requests.record(cancel);
    log.info("Cancel of run {} of {}/{} requested by {}", run.runId(), run.workspace(), run.schedule(), requestedBy);
  }
}
