package dev.ferry.manifest;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the manifest service.
 *
 * @param indexerGroupId Kafka consumer group of the indexers reading {@code ferry.run.completed}
 */
@Validated
@ConfigurationProperties("ferry.manifest")
public record ManifestProperties(@DefaultValue("ferry-manifest-indexer") @NotBlank String indexerGroupId) {}
