package dev.ferry.support.s3;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The AWS SDK v2 S3 client of a service that stores or reads artifacts. With an endpoint it
 * talks path-style to an S3-compatible server; checksums are sent only where S3 requires them,
 * which every S3-compatible server understands. Ferry keeps its own SHA-256 of each artifact.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(S3Properties.class)
public class S3Configuration {

  @Bean(destroyMethod = "close")
  S3Client s3Client(S3Properties properties) {
    S3ClientBuilder builder = S3Client.builder()
        .region(Region.of(properties.region()))
        .credentialsProvider(credentials(properties))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (properties.endpoint() != null) {
      builder.endpointOverride(properties.endpoint()).forcePathStyle(true);
    }
    return builder.build();
  }

  @Bean
  ArtifactLocations artifactLocations(S3Properties properties) {
    return new ArtifactLocations(properties.bucket(), properties.prefix());
  }

  private static AwsCredentialsProvider credentials(S3Properties properties) {
    return properties.hasStaticCredentials()
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(properties.accessKey(), properties.secretKey()))
        : DefaultCredentialsProvider.builder().build();
  }
}
