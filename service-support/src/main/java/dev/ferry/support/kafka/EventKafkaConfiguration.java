package dev.ferry.support.kafka;

import dev.ferry.events.Topic;
import dev.ferry.events.Topics;
import dev.ferry.events.serde.EventFormatException;
import dev.ferry.events.serde.EventSerializer;
import dev.ferry.support.Failures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The Kafka wiring every Ferry service shares: the topics of the contract, an idempotent
 * {@code acks=all} producer of events whose sends carry the trace context in their headers, and
 * the error handler that sends a record no consumer can read to {@code <topic>-dlt} and goes on.
 * Runs before Boot's Kafka auto-configuration so that Boot's defaults step aside.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(FerryKafkaProperties.class)
public class EventKafkaConfiguration {

  private static final Duration MAX_BLOCK = Duration.ofSeconds(10);
  private static final Duration RETRY_FOR = Duration.ofMinutes(30);

  /** Header of a dead-letter record that says, in one line, why no consumer could use it. */
  public static final String DEAD_LETTER_REASON = "ferry-dlt-reason";

  @Bean
  Topics topics(FerryKafkaProperties properties) {
    return Topics.withPrefix(properties.topicPrefix());
  }

  @Bean
  ProducerFactory<String, SpecificRecord> eventProducerFactory(KafkaProperties kafka) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Callers wait for acknowledgements with their own timeouts; a send must not block longer
    // than that for metadata of an unreachable cluster.
    config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
    return new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new EventSerializer<>());
  }

  @Bean
  KafkaTemplate<String, SpecificRecord> eventTemplate(ProducerFactory<String, SpecificRecord> eventProducerFactory) {
    KafkaTemplate<String, SpecificRecord> template = new KafkaTemplate<>(eventProducerFactory);
    // Each send is observed: the current trace context goes into the record's traceparent header.
    template.setObservationEnabled(true);
    return template;
  }

  /**
   * Sends a failed record to {@code <topic>-dlt} with spring-kafka's {@code kafka_dlt-*} headers.
   * A value that could not be deserialized is forwarded as its original bytes; one that failed
   * in a listener is written as the event it was. Unreadable records are never retried; any
   * other failure (S3 or Kafka briefly away) is retried with exponential back-off, from one
   * second up to a minute apart, for half an hour, before its record is dead-lettered. Every
   * dead-lettered record counts in {@code ferry_dead_letters_total{topic}}.
   */
  @Bean
  DefaultErrorHandler deadLetterErrorHandler(KafkaProperties kafka, ObjectProvider<MeterRegistry> meters) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    Map<Class<?>, Serializer<?>> byType = new HashMap<>();
    byType.put(byte[].class, new ByteArraySerializer());
    byType.put(SpecificRecord.class, new EventSerializer<>());
    KafkaTemplate<String, Object> deadLetters = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
        config, new StringSerializer(), new DelegatingByTypeSerializer(byType, true)));
    DeadLetterPublishingRecoverer recoverer = new BoundedDeadLetterRecoverer(deadLetters);
    recoverer.setHeadersFunction((record, exception) -> new RecordHeaders().add(DEAD_LETTER_REASON,
        Failures.rootMessage(exception).getBytes(StandardCharsets.UTF_8)));
    ExponentialBackOff backOff = new ExponentialBackOff(1000L, 2.0);
    backOff.setMaxInterval(Duration.ofMinutes(1).toMillis());
    backOff.setMaxElapsedTime(RETRY_FOR.toMillis());
    DefaultErrorHandler handler = new DefaultErrorHandler(
        new DeadLetterCounter(recoverer, meters.getIfAvailable(SimpleMeterRegistry::new)), backOff);
    handler.addNotRetryableExceptions(EventFormatException.class, DeserializationException.class,
        IllegalArgumentException.class);
    return handler;
  }

  @Bean
  EventListenerContainers eventListenerContainers(KafkaProperties kafka, DefaultErrorHandler deadLetterErrorHandler,
      ObjectProvider<MeterRegistry> meters) {
    return new EventListenerContainers(kafka.buildConsumerProperties(), deadLetterErrorHandler,
        meters.getIfAvailable(SimpleMeterRegistry::new));
  }

  @Bean
  ReplayHealthIndicator replayHealthIndicator(List<TopicReplay<?>> replays) {
    return new ReplayHealthIndicator(replays);
  }

  /** Every topic of the contract and the dead-letter topic of each, created when missing. */
  @Bean
  @ConditionalOnProperty(prefix = "ferry.kafka", name = "create-topics", havingValue = "true", matchIfMissing = true)
  KafkaAdmin.NewTopics ferryTopics(Topics topics, FerryKafkaProperties properties) {
    Optional<Short> replication = properties.replicationFactor() > 0
        ? Optional.of(properties.replicationFactor()) : Optional.empty();
    List<NewTopic> all = new ArrayList<>();
    for (Topic<?> topic : topics.all()) {
      all.add(new NewTopic(topic.name(), Optional.of(topic.partitions()), replication).configs(topic.config()));
      // spring-kafka's recoverer keeps the partition, so a dead-letter topic needs as many.
      all.add(new NewTopic(topic.deadLetterName(), Optional.of(topic.partitions()), replication)
          .configs(Map.of("retention.ms", Long.toString(Duration.ofDays(30).toMillis()))));
    }
    return new KafkaAdmin.NewTopics(all.toArray(NewTopic[]::new));
  }
}
