package dev.ferry.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.scheduler.SchedulerApplication;
import dev.ferry.testing.HttpProbe;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * A suspension lives on the compacted suspensions topic, not in one replica: a replica started
 * later (a second one, or this one after a restart) reads it at start-up, and a resume through
 * either replica reaches the other.
 */
@Tag("integration")
@SpringBootTest(classes = SchedulerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.name=scheduler", SuspensionAcrossReplicasIntegrationTest.SCHEDULES})
class SuspensionAcrossReplicasIntegrationTest extends RunningScheduler {

  static final String SCHEDULES = "ferry.scheduler.schedules-file=src/test/resources/schedules/suspend/ferry_schedules.yml";
  private static final String HELD = "/api/v1/workspaces/default/schedules/held";

  @Autowired
  Environment environment;

  @Test
  void aReplicaStartedLaterSeesTheSuspensionAndItsResumeReachesTheFirst() {
    assertThat(post(HELD + "/suspend", "{\"until\": \"2099-01-01T00:00:00Z\", \"reason\": \"quarter close\"}")
        .statusCode()).isEqualTo(200);

    try (ConfigurableApplicationContext second = secondReplica()) {
      URI other = URI.create("http://127.0.0.1:"
          + ((WebServerApplicationContext) second).getWebServer().getPort() + HELD);
      JsonNode seen = json.readTree(HttpProbe.get(other).body());
      assertThat(seen.get("suspended").asBoolean()).isTrue();
      assertThat(seen.get("suspension").get("reason").asString()).isEqualTo("quarter close");
      assertThat(seen.get("suspension").get("until").asString()).isEqualTo("2099-01-01T00:00:00Z");

      assertThat(HttpProbe.post(URI.create(other + "/resume"), "{}").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30))
          .until(() -> !getJson(HELD).get("suspended").asBoolean());
    }
  }

  /** A second scheduler on the same topics; it answers once its replays (suspensions included) have caught up. */
  private ConfigurableApplicationContext secondReplica() {
    List<String> properties = new ArrayList<>(List.of(SCHEDULES, "server.port=0",
        "spring.kafka.bootstrap-servers=" + environment.getProperty("spring.kafka.bootstrap-servers"),
        "ferry.kafka.topic-prefix=" + environment.getProperty("ferry.kafka.topic-prefix")));
    for (String s3 : List.of("ferry.s3.endpoint", "ferry.s3.bucket", "ferry.s3.access-key", "ferry.s3.secret-key")) {
      properties.add(s3 + "=" + environment.getProperty(s3));
    }
    ConfigurableApplicationContext context = SchedulerApplication.builder()
        .properties(properties.toArray(String[]::new)).run();
    URI readiness = URI.create("http://127.0.0.1:"
        + ((WebServerApplicationContext) context).getWebServer().getPort() + "/actuator/health/readiness");
    await().atMost(Duration.ofSeconds(60)).until(() -> HttpProbe.get(readiness).statusCode() == 200);
    return context;
  }
}
