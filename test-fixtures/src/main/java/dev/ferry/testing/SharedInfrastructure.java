package dev.ferry.testing;

import dev.ferry.embedded.InProcessKafka;
import dev.ferry.embedded.InProcessS3;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One real Kafka broker and one real S3 server per test JVM, started on first use and stopped at
 * exit. Test classes stay apart by using a topic prefix and a bucket of their own.
 */
public final class SharedInfrastructure {

  public static final String ACCESS_KEY = "ferry-test";
  public static final String SECRET_KEY = "ferry-test-secret";

  private static InProcessKafka kafka;
  private static InProcessS3 s3;

  private SharedInfrastructure() {}

  public static synchronized InProcessKafka kafka() {
    if (kafka == null) {
      kafka = InProcessKafka.startTemporary();
      Runtime.getRuntime().addShutdownHook(new Thread(SharedInfrastructure::stopKafkaLast, "stop-test-kafka"));
    }
    return kafka;
  }

  /**
   * JVM shutdown hooks run at the same time. Spring's closes the test application contexts, whose
   * Kafka consumers commit their last offsets as they stop; stopping the broker under them makes
   * each commit wait out its timeout. So the broker stops after Spring's hook has finished.
   */
  private static void stopKafkaLast() {
    try {
      // Hooks start one after another; give Spring's a moment to be started before looking for it.
      long lookUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
      java.util.Optional<Thread> spring = springShutdownHook();
      while (spring.isEmpty() && System.nanoTime() < lookUntil) {
        Thread.sleep(10);
        spring = springShutdownHook();
      }
      if (spring.isPresent()) {
        spring.get().join(Duration.ofSeconds(20));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kafka.close();
  }

  private static java.util.Optional<Thread> springShutdownHook() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("SpringApplicationShutdownHook")).findFirst();
  }

  public static synchronized InProcessS3 s3() {
    if (s3 == null) {
      s3 = InProcessS3.startInMemory(ACCESS_KEY, SECRET_KEY);
      Runtime.getRuntime().addShutdownHook(new Thread(s3::close, "stop-test-s3"));
    }
    return s3;
  }

  /** A fresh topic prefix such as {@code t3f2a9c.}, so that a test class sees only its own records. */
  public static String uniqueTopicPrefix() {
    return "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
  }

  /**
   * Spring properties that point a Ferry service at the shared broker and S3 server, with its
   * own topic prefix and bucket; pass each entry to {@code DynamicPropertyRegistry.add}.
   */
  public static Map<String, Supplier<Object>> serviceProperties(String topicPrefix, String bucket) {
    s3().ensureBucket(bucket);
    Map<String, Supplier<Object>> properties = new LinkedHashMap<>();
    properties.put("spring.kafka.bootstrap-servers", () -> kafka().bootstrapServers());
    properties.put("ferry.kafka.topic-prefix", () -> topicPrefix);
    properties.put("ferry.s3.endpoint", () -> s3().endpoint().toString());
    properties.put("ferry.s3.bucket", () -> bucket);
    properties.put("ferry.s3.access-key", () -> ACCESS_KEY);
    properties.put("ferry.s3.secret-key", () -> SECRET_KEY);
    return properties;
  }

  /** An AWS SDK client for the shared S3 server. */
  public static S3Client s3Client() {
    return s3Client(s3().endpoint(), ACCESS_KEY, SECRET_KEY);
  }

  /** An AWS SDK client for an S3-compatible server, configured as the services configure theirs. */
  public static S3Client s3Client(java.net.URI endpoint, String accessKey, String secretKey) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .build();
  }
}
