package dev.ferry.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.events.RunRequested;
import dev.ferry.events.Topics;
import dev.ferry.scheduler.SchedulerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The trigger path against the official Apache Kafka image, where a Docker engine runs; skipped
 * cleanly where none does (the in-process broker covers the same path in
 * {@link SchedulerServiceIntegrationTest}).
 */
@Tag("integration")
@Testcontainers(disabledWithoutDocker = true)
class SchedulerOnKafkaContainerTest {

  @Container
  static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

  @Test
  void aTriggerReachesTheBrokerInTheContainer() throws Exception {
    try (ConfigurableApplicationContext scheduler = SchedulerApplication.builder().run(
        "--server.port=0", "--spring.kafka.bootstrap-servers=" + KAFKA.getBootstrapServers(),
        "--ferry.scheduler.schedules-file=src/test/resources/schedules/ferry_schedules.yml")) {
      int port = Integer.parseInt(scheduler.getEnvironment().getProperty("local.server.port"));
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/api/v1/workspaces/default/schedules/adhoc/runs"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(202);

      Topics topics = Topics.defaults();
      try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers(),
          ConsumerConfig.GROUP_ID_CONFIG, "container-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
          new StringDeserializer(), topics.runRequested().valueDeserializer())) {
        consumer.subscribe(List.of(topics.runRequested().name()));
        List<ConsumerRecord<String, RunRequested>> records = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (records.isEmpty() && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        assertThat(records).extracting(r -> r.value().getSchedule()).contains("adhoc");
      }
    }
  }
}
