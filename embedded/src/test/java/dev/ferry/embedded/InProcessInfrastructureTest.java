package dev.ferry.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

@Tag("integration")
class InProcessInfrastructureTest {

  @TempDir
  Path dataDir;

  @Test
  void kafkaKeepsItsTopicsAndRecordsAcrossARestart() throws Exception {
    int port = FreePorts.next();
    int controllerPort = FreePorts.next();
    try (InProcessKafka kafka = InProcessKafka.start(dataDir, port, controllerPort)) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("greetings", Optional.of(2), Optional.empty()))).all().get();
      }
      try (var producer = new KafkaProducer<>(Map.<String, Object>of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("greetings", "k", "hello")).get();
      }
    }

    try (InProcessKafka restarted = InProcessKafka.start(dataDir, port, controllerPort)) {
      assertThat(readAll(restarted.bootstrapServers(), "greetings")).containsExactly("hello");
    }
  }

  @Test
  void s3ServesObjectsToTheAwsSdkAndKeepsThemOnDisk() {
    try (InProcessS3 s3 = InProcessS3.start(dataDir.resolve("s3"), 0, "ferry", "ferry-secret");
         S3Client client = client(s3.endpoint(), s3.accessKey(), s3.secretKey())) {
      s3.ensureBucket("artifacts");
      s3.ensureBucket("artifacts");
      client.putObject(b -> b.bucket("artifacts").key("ws/nightly/run/manifest.json"),
          RequestBody.fromString("{\"ok\": true}"));

      String read = client.getObjectAsBytes(b -> b.bucket("artifacts").key("ws/nightly/run/manifest.json"))
          .asString(StandardCharsets.UTF_8);

      assertThat(read).isEqualTo("{\"ok\": true}");
      assertThat(Files.exists(dataDir.resolve("s3/artifacts"))).isTrue();
    }
  }

  private static List<String> readAll(String bootstrap, String topic) {
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "test",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        if (!records.isEmpty()) {
          return java.util.stream.StreamSupport.stream(records.spliterator(), false).map(r -> r.value()).toList();
        }
      }
      return List.of();
    }
  }

  private static S3Client client(URI endpoint, String accessKey, String secretKey) {
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
