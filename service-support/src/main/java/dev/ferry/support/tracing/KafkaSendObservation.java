package dev.ferry.support.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;
import org.springframework.kafka.support.micrometer.KafkaTemplateObservation;
import org.springframework.kafka.support.micrometer.KafkaTemplateObservation.DefaultKafkaTemplateObservationConvention;

/**
 * Observes a record sent by a plain kafka-clients producer the way {@code KafkaTemplate} observes
 * its own sends: starting the observation writes its trace context into the record's headers
 * (W3C {@code traceparent}), and its timer is spring-kafka's {@code spring.kafka.template}, tagged
 * with the producer's name. Used where a template does not fit, such as the scheduler's
 * transactional producer per partition of the ticks topic.
 */
public final class KafkaSendObservation {

  private KafkaSendObservation() {}

  /**
   * Starts the observation of {@code record} as the first span of a new trace, whatever the
   * calling thread is observing; stop it once the record is acknowledged (or its transaction
   * committed). Call before {@code send}: the headers are written at start.
   */
  public static Observation startNewTrace(ProducerRecord<?, ?> record, String producer, ObservationRegistry registry) {
    Observation observation = KafkaTemplateObservation.TEMPLATE_OBSERVATION.observation(null,
        DefaultKafkaTemplateObservationConvention.INSTANCE,
        () -> new KafkaRecordSenderContext(record, producer, () -> null), registry);
    return observation.parentObservation(null).start();
  }
}
