package dev.ferry.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.scheduler.SchedulerApplication;
import dev.ferry.schedules.InvalidSchedulesException;
import dev.ferry.testing.HttpProbe;
import dev.ferry.testing.SharedInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The scheduler on a real broker picks up edits of its schedules file without a restart, and survives broken ones. */
@Tag("integration")
@SpringBootTest(classes = SchedulerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.name=scheduler", "ferry.scheduler.reload-interval=200ms"})
class ScheduleReloadIntegrationTest {

  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();
  private static final Path FILE = temporaryFile();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    write(FILE, schedules("nightly"));
    SharedInfrastructure.serviceProperties(PREFIX, "scheduler-reload-test").forEach(registry::add);
    registry.add("ferry.scheduler.schedules-file", FILE::toString);
  }

  @LocalServerPort
  int port;

  @Autowired
  ObjectMapper json;

  @Test
  void appliesAnEditWithoutARestartAndKeepsTheLastGoodSetWhenAnEditIsBroken() {
    write(FILE, schedules("nightly", "added"));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(scheduleNames()).containsExactly("nightly", "added"));
    JsonNode added = json.readTree(get("/api/v1/workspaces/default/schedules/added").body());
    assertThat(added.get("timeout").asString()).isEqualTo("1h30m");
    assertThat(added.get("env").get("WAREHOUSE_PASSWORD").get("secret").asString()).isEqualTo("WAREHOUSE_PASSWORD");
    assertThat(added.get("concurrency").asString()).isEqualTo("forbid");

    write(FILE, schedules("nightly", "added", "broken").replace("    timeout: 1h30m\n    concurrency: forbid\n"
        + "    env: {WAREHOUSE_PASSWORD: {secret: WAREHOUSE_PASSWORD}}\n  - name: broken", "  - name: broken")
        .replace("name: broken\n    schedule: \"@hourly\"", "name: broken\n    schedule: \"@hourly\"\n    timezone: Mars/Base"));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      JsonNode status = json.readTree(get("/api/v1/schedules/status").body());
      assertThat(status.get("valid").asBoolean()).isFalse();
      assertThat(status.get("errors").get(0).asString())
          .startsWith(FILE + ":").contains("schedules[2].timezone: 'Mars/Base' is not an IANA time zone");
      assertThat(status.get("schedules").asInt()).isEqualTo(2);
    });
    assertThat(scheduleNames()).containsExactly("nightly", "added");
    String metrics = new String(get("/actuator/prometheus").body(), StandardCharsets.UTF_8);
    assertThat(metrics).contains("ferry_schedules_reload_errors 1.0", "ferry_schedules_loaded 2.0")
        .containsPattern("ferry_schedules_reload_total\\{.*result=\"failed\".*\\} 1\\.0")
        .containsPattern("ferry_schedules_reload_total\\{.*result=\"loaded\".*\\} 1\\.0");
  }

  @Test
  void refusesToStartWithSchedulesThatHaveProblems() {
    Path broken = temporaryFile();
    write(broken, schedules("nightly").replace("@daily", "@dayly"));
    List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--ferry.scheduler.schedules-file=" + broken));
    SharedInfrastructure.serviceProperties(PREFIX, "scheduler-reload-test")
        .forEach((name, value) -> arguments.add("--" + name + "=" + value.get()));

    assertThatThrownBy(() -> SchedulerApplication.builder().run(arguments.toArray(String[]::new)).close())
        .rootCause().isInstanceOf(InvalidSchedulesException.class)
        .hasMessage(broken + ":3:15: schedules[0].schedule: '@dayly' is not a cron macro; use one of [@annually,"
            + " @daily, @hourly, @midnight, @monthly, @weekly, @yearly]; or use 'manual'");
  }

  private List<String> scheduleNames() {
    return json.readTree(get("/api/v1/workspaces/default/schedules").body()).findValuesAsString("name");
  }

  private static String schedules(String... names) {
    StringBuilder yaml = new StringBuilder("schedules:\n");
    for (String name : names) {
      yaml.append("""
            - name: %s
              schedule: "%s"
              commands: [dbt build]
              project: {repository: "https://example.com/acme/analytics.git"}
          """.formatted(name, name.equals("nightly") ? "@daily" : "@hourly"));
      if (name.equals("added")) {
        yaml.append("""
                timeout: 1h30m
                concurrency: forbid
                env: {WAREHOUSE_PASSWORD: {secret: WAREHOUSE_PASSWORD}}
            """);
      }
    }
    return yaml.toString();
  }

  private java.net.http.HttpResponse<byte[]> get(String path) {
    return HttpProbe.get(URI.create("http://127.0.0.1:" + port + path));
  }

  private static Path temporaryFile() {
    try {
      Path dir = Files.createTempDirectory("ferry-schedules");
      dir.toFile().deleteOnExit();
      return dir.resolve("ferry_schedules.yml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      // Write beside and move, so that a reload never reads half a file.
      Path next = file.resolveSibling(file.getFileName() + ".next");
      Files.writeString(next, text);
      Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
