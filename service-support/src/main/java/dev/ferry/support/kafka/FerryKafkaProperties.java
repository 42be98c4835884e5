package dev.ferry.support.kafka;

import dev.ferry.events.Topics;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a Ferry service uses Kafka beyond {@code spring.kafka.*}.
 *
 * @param topicPrefix prefix of every Ferry topic name; must end in '.', '_' or '-'
 * @param createTopics create missing topics (and their dead-letter topics) at start-up
 * @param replicationFactor replication factor of created topics; 0 uses the broker's default
 */
@Validated
@ConfigurationProperties("ferry.kafka")
public record FerryKafkaProperties(
    @DefaultValue(Topics.DEFAULT_PREFIX) @NotNull String topicPrefix,
    @DefaultValue("true") boolean createTopics,
    @DefaultValue("0") @Min(0) short replicationFactor) {}
