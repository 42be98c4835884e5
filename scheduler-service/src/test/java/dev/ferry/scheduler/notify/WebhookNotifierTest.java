package dev.ferry.scheduler.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.schedules.Webhook;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** Delivery against a real local HTTP server that always fails: bounded tries, counted, and secret URLs kept out of logs. */
@Tag("integration")
class WebhookNotifierTest {

  private static final String SECRET_PATH = "/hooks/T000/B000/s3cr3t-token";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicInteger calls = new AtomicInteger();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private HttpServer server;
  private WebhookNotifier notifier;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      calls.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    notifier = new WebhookNotifier(new NotificationProperties(Duration.ofSeconds(5), 3, Duration.ofMillis(50), null, 1),
        Map.of("SLACK", base + SECRET_PATH, "NOT_A_URL", "ftp://example.com/x"), JsonMapper.builder().build(), meters);
    logs.start();
    ((Logger) LoggerFactory.getLogger(WebhookNotifier.class)).addAppender(logs);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(WebhookNotifier.class)).detachAppender(logs);
    notifier.close();
    server.stop(0);
  }

  @Test
  void givesUpAfterTheConfiguredTriesAndNeverLogsTheSecretUrl() {
    notifier.send(notification(), List.of(new Webhook.Secret("SLACK")));

    await().atMost(Duration.ofSeconds(10)).until(() -> failed() == 1.0);
    assertThat(calls).hasValue(3);
    assertThat(logs.list).isNotEmpty().allSatisfy(event -> assertThat(event.getFormattedMessage())
        .doesNotContain("s3cr3t").doesNotContain(SECRET_PATH));
    assertThat(logs.list.getLast().getFormattedMessage()).contains("{secret: SLACK}").contains("after 3 tries")
        .contains("HTTP 503");
  }

  @Test
  void aMissingOrNonHttpSecretIsCountedFailedWithoutACall() {
    notifier.send(notification(), List.of(new Webhook.Secret("MISSING"), new Webhook.Secret("NOT_A_URL")));

    assertThat(failed()).isEqualTo(2.0);
    assertThat(calls).hasValue(0);
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains("ftp://"));
  }

  @Test
  void aWrittenUrlIsLoggedAsSchemeAndHostOnly() {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/path/with-token?key=abc");
    notifier.send(notification(), List.of(new Webhook.Url(url)));

    await().atMost(Duration.ofSeconds(10)).until(() -> failed() == 1.0);
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
        .allSatisfy(m -> assertThat(m).doesNotContain("with-token").doesNotContain("key=abc"));
  }

  private double failed() {
    var counter = meters.find("ferry.notifications").tags("event", "failure", "result", "failed").counter();
    return counter == null ? 0 : counter.count();
  }

  private static Notification notification() {
    return new Notification("failure", "default", "nightly", "0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11", 1, "FAILED",
        "scheduler", null, Instant.parse("2026-11-25T02:00:00Z"), null, Instant.parse("2026-11-25T02:01:00Z"), null,
        "dbt build exited 1", Map.of("run", "/api/v1/runs/0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11"));
  }
}
