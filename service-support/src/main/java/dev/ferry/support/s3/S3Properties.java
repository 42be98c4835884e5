package dev.ferry.support.s3;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where run artifacts are stored: {@code s3://<bucket>/<prefix>/<workspace>/<schedule>/<run id>/<artifact>}.
 *
 * @param endpoint S3-compatible endpoint (MinIO, S3Proxy); empty for AWS S3 itself
 * @param region signing region
 * @param bucket bucket of all artifacts
 * @param prefix key prefix under the bucket, without leading or trailing slash
 * @param accessKey access key id; empty uses the AWS default credential chain
 * @param secretKey secret access key; never logged
 */
@Validated
@ConfigurationProperties("ferry.s3")
public record S3Properties(
    URI endpoint,
    @DefaultValue("us-east-1") @NotBlank String region,
    @DefaultValue("ferry-artifacts") @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") String bucket,
    @DefaultValue("ferry") @Pattern(regexp = "([A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*)?") String prefix,
    String accessKey,
    String secretKey) {

  public boolean hasStaticCredentials() {
    return accessKey != null && !accessKey.isBlank() && secretKey != null && !secretKey.isBlank();
  }

  /** Keeps the secret out of logs and error messages. */
  @Override
  public String toString() {
    return "S3Properties[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", prefix=" + prefix
        + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? "null" : "******") + "]";
  }

}
