package dev.ferry.scheduler.suspend;

import dev.ferry.events.ScheduleKey;
import dev.ferry.events.Topics;
import dev.ferry.scheduler.SchedulerProperties;
import dev.ferry.scheduler.trigger.Acknowledgements;
import dev.ferry.scheduler.wire.EventMapper;
import dev.ferry.schedules.Schedule;
import dev.ferry.support.Failures;
import java.time.Clock;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Suspends and resumes schedules: writes the suspension (or, to resume, a tombstone) to the
 * compacted suspensions topic, acknowledged by all in-sync replicas before it returns, and notes
 * it here at once so that the caller reads it back. Every other replica learns it from the topic.
 */
public final class ScheduleSuspender {

  private static final Logger log = LoggerFactory.getLogger(ScheduleSuspender.class);

  private final KafkaTemplate<String, SpecificRecord> kafka;
  private final Topics topics;
  private final Suspensions suspensions;
  private final Clock clock;
  private final SchedulerProperties properties;

  public ScheduleSuspender(KafkaTemplate<String, SpecificRecord> kafka, Topics topics, Suspensions suspensions,
      Clock clock, SchedulerProperties properties) {
    this.kafka = kafka;
    this.topics = topics;
    this.suspensions = suspensions;
    this.clock = clock;
    this.properties = properties;
  }

  /** Suspends the schedule until {@code until} (null: until resumed), replacing a suspension it had. */
  public Suspension suspend(Schedule schedule, Instant until, String reason, String requestedBy) {
    Suspension suspension = new Suspension(schedule.workspace(), schedule.name(), clock.instant(), until, reason,
        requestedBy);
    String key = key(schedule);
    suspensions.apply(key, suspension, write(key, EventMapper.toEvent(suspension)));
    log.info("Suspended {} {} by {}{}", key, until == null ? "until resumed" : "until " + until, requestedBy,
        reason == null ? "" : ": " + reason);
    return suspension;
  }

  /** Resumes the schedule: its next tick fires. Resuming a schedule that is not suspended changes nothing. */
  public void resume(Schedule schedule, String requestedBy) {
    String key = key(schedule);
    suspensions.apply(key, null, write(key, null));
    log.info("Resumed {} by {}", key, requestedBy);
  }

  private static String key(Schedule schedule) {
    return new ScheduleKey(schedule.workspace(), schedule.name()).toString();
  }

  /** Writes the record and returns its offset once all in-sync replicas have it. */
  private long write(String key, SpecificRecord value) {
    return Acknowledgements.await(kafka.send(topics.schedulerSuspensions().name(), key, value),
        properties.publishTimeout(), cause -> new SuspensionFailedException(key, cause)).getRecordMetadata().offset();
  }

  /** Kafka did not acknowledge a suspension or resume in time: nothing changed. */
  public static final class SuspensionFailedException extends RuntimeException {
    SuspensionFailedException(String key, Throwable cause) {
      super("could not write the suspension of " + key + ": " + Failures.rootMessage(cause), cause);
    }
  }
}
