package dev.ferry.scheduler.trigger;

import dev.ferry.events.RunRequested;
import dev.ferry.events.ScheduleKey;
import dev.ferry.events.Topics;
import dev.ferry.events.Trigger;
import dev.ferry.scheduler.SchedulerProperties;
import dev.ferry.scheduler.runs.RunHistory;
import dev.ferry.schedules.Schedule;
import dev.ferry.scheduler.wire.EventMapper;
import java.time.Clock;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns a person's or a system's decision to run a schedule (manual, API) into a RunRequested on
 * Kafka, acknowledged by all in-sync replicas before it returns, and records it in the run history
 * at once so that the caller can read the run back immediately. These runs have fresh run ids and
 * no tick to own, so they are written outside any transaction; cron ticks go through the
 * transactional {@code dev.ferry.scheduler.firing.TickFiring} instead.
 */
@Component
public class RunRequestPublisher {

  private static final Logger log = LoggerFactory.getLogger(RunRequestPublisher.class);

  private final KafkaTemplate<String, SpecificRecord> kafka;
  private final Topics topics;
  private final RunHistory history;
  private final Clock clock;
  private final SchedulerProperties properties;
  private final ScheduleMetrics metrics;
  private final RunRequests requests;

  RunRequestPublisher(KafkaTemplate<String, SpecificRecord> kafka, Topics topics, RunHistory history, Clock clock,
      SchedulerProperties properties, ScheduleMetrics metrics, RunRequests requests) {
    this.kafka = kafka;
    this.topics = topics;
    this.history = history;
    this.clock = clock;
    this.properties = properties;
    this.metrics = metrics;
    this.requests = requests;
  }

  /** Requests a run that a person or a system asked for, under a fresh run id. */
  public RunRequest requestNow(Schedule schedule, Trigger trigger, String requestedBy) {
    return requestNow(schedule, trigger, requestedBy, RunOverrides.NONE);
  }

  /** Requests a run, changed by {@code overrides}, under a fresh run id. */
  public RunRequest requestNow(Schedule schedule, Trigger trigger, String requestedBy, RunOverrides overrides) {
    return request(UUID.randomUUID().toString(), schedule, trigger, requestedBy, overrides);
  }

  /**
   * Requests a run under a run id the caller derived (a merge's run from its commit), so that the
   * same request made twice is one run for the runners.
   */
  public RunRequest request(String runId, Schedule schedule, Trigger trigger, String requestedBy,
      RunOverrides overrides) {
    return publish(new RunRequest(runId, schedule, trigger, clock.instant(), null, requestedBy, 1), overrides);
  }

  private RunRequest publish(RunRequest request, RunOverrides overrides) {
    RunRequested event = EventMapper.toEvent(request, overrides);
    String key = new ScheduleKey(event.getWorkspace(), event.getSchedule()).toString();
    ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(topics.runRequested().name(), key, event);
    byte[] overridden = RunRequests.header(overrides.used());
    if (overridden != null) {
      record.headers().add(RunRequests.OVERRIDES_HEADER, overridden);
    }
    Acknowledgements.await(kafka.send(record), properties.publishTimeout(),
        cause -> new RunRequestFailedException(request, cause));
    requests.apply(event, EventMapper.request(event, overrides.used()));
    history.apply(EventMapper.requested(event));
    metrics.fired(request.schedule().name(), request.trigger());
    log.info("Requested run {} of {} ({}, by {}{})", request.runId(), key,
        request.trigger().name().toLowerCase(java.util.Locale.ROOT), request.requestedBy(),
        overrides.used().isEmpty() ? "" : ", overriding " + String.join(", ", overrides.used()));
    return request;
  }
}
