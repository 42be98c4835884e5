package dev.ferry.support.kafka;

import dev.ferry.events.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * Builds listener containers for a topic of the contract: values read by the topic's event
 * deserializer behind spring-kafka's {@link ErrorHandlingDeserializer}, failures handled by the
 * shared dead-letter error handler, so that a bad record never stops a consumer, and observed, so
 * that a record is processed in the trace its {@code traceparent} header carries. Each consumer's
 * Kafka client metrics (fetch lag among them) are published with a {@code group} tag, and each
 * topic's dead-letter counter exists from the start so that dashboards and alerts see it at zero.
 *
 * <p>Every consumer it configures, listeners and topic replays alike, reads with
 * {@code isolation.level=read_committed}: the scheduler writes a tick's RunRequested and its tick
 * record in one transaction, and a fenced replica's aborted transaction must stay invisible.
 */
public final class EventListenerContainers {

  /** The isolation level of every Ferry consumer, whatever {@code spring.kafka.consumer.*} says. */
  public static final String READ_COMMITTED = "read_committed";

  private final Map<String, Object> consumerConfig;
  private final DefaultErrorHandler errorHandler;
  private final MeterRegistry meters;

  EventListenerContainers(Map<String, Object> consumerConfig, DefaultErrorHandler errorHandler, MeterRegistry meters) {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, READ_COMMITTED);
    this.consumerConfig = Map.copyOf(config);
    this.errorHandler = errorHandler;
    this.meters = meters;
  }

  /**
   * A container of one consumer in {@code groupId} on {@code topic}, starting from the earliest
   * offset when the group has none. {@code customizer} sets the listener and acknowledgement mode.
   */
  public <V extends SpecificRecord> ConcurrentMessageListenerContainer<String, V> create(
      Topic<V> topic, String groupId, Map<String, Object> overrides, Consumer<ContainerProperties> customizer) {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.putAll(overrides);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, READ_COMMITTED);
    DefaultKafkaConsumerFactory<String, V> factory = new DefaultKafkaConsumerFactory<>(config,
        new StringDeserializer(), new ErrorHandlingDeserializer<>(topic.valueDeserializer()));
    factory.addListener(new MicrometerConsumerListener<>(meters, List.of(Tag.of("group", groupId))));
    DeadLetterCounter.register(meters, topic.name());
    ContainerProperties properties = new ContainerProperties(topic.name());
    properties.setGroupId(groupId);
    // Each record is processed in the trace its traceparent header names, or in a new one.
    properties.setObservationEnabled(true);
    customizer.accept(properties);
    ConcurrentMessageListenerContainer<String, V> container = new ConcurrentMessageListenerContainer<>(factory, properties);
    container.setCommonErrorHandler(errorHandler);
    container.setBeanName(groupId + "@" + topic.name());
    return container;
  }

  /** Consumer settings from {@code spring.kafka.consumer.*} (and read_committed), for readers that are not listeners. */
  public Map<String, Object> consumerConfig() {
    return consumerConfig;
  }
}
