package dev.ferry.manifest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the manifest service.
 *
 * @param indexerGroupId Kafka consumer group of the indexers reading {@code ferry.run.completed}
 * @param historyLimit how many manifests of each schedule the index keeps; older ones are dropped
 *     from {@code ferry.manifests} with tombstones (a schedule's defer target is always kept)
 */
@Validated
@ConfigurationProperties("ferry.manifest")
public record ManifestProperties(
    @DefaultValue("ferry-manifest-indexer") @NotBlank String indexerGroupId,
    @DefaultValue("500") @Min(1) @Max(100_000) int historyLimit) {}
