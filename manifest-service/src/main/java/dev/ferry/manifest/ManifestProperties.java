package dev.ferry.manifest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the manifest service.
 *
 * @param indexerGroupId Kafka consumer group of the indexers reading {@code ferry.run.completed}
 * @param historyLimit how many manifests of each schedule the index keeps; older ones are dropped
 *     from {@code ferry.manifests} with tombstones (a schedule's defer target is always kept)
 * @param verifiedCacheSize how many bytes of the manifests this replica indexed lately it keeps in
 *     memory, as stored (gzip), to serve them without reading S3 again; 0 turns it off
 */
@Validated
@ConfigurationProperties("ferry.manifest")
public record ManifestProperties(
    @DefaultValue("ferry-manifest-indexer") @NotBlank String indexerGroupId,
    @DefaultValue("500") @Min(1) @Max(100_000) int historyLimit,
    @DefaultValue("64MB") DataSize verifiedCacheSize) {

  public ManifestProperties {
    if (verifiedCacheSize.isNegative()) {
      throw new IllegalArgumentException("ferry.manifest.verified-cache-size must not be negative");
    }
  }
}
