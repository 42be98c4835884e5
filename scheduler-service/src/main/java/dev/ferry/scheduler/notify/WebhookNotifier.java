package dev.ferry.scheduler.notify;

import dev.ferry.schedules.Webhook;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * Delivers notifications: a JSON POST to each webhook, on a small pool of its own so that firing
 * never waits for a webhook. A call that fails (no answer within the timeout, or a status other
 * than 2xx) is tried again after a backoff that doubles, up to the configured attempts; each
 * notification ends counted in {@code ferry_notifications_total{event,result}} as
 * {@code delivered} or {@code failed}. At-least-once: a webhook that took the POST but answered
 * late may be called again. A webhook written as {@code {secret: NAME}} gets its URL from
 * {@code ferry.scheduler.secrets.NAME}; neither that URL nor the path of a written one is logged.
 */
public final class WebhookNotifier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);

  private final NotificationProperties properties;
  private final Map<String, String> secrets;
  private final ObjectMapper json;
  private final MeterRegistry registry;
  private final ScheduledExecutorService pool;
  private final HttpClient http;

  public WebhookNotifier(NotificationProperties properties, Map<String, String> secrets, ObjectMapper json,
      MeterRegistry registry) {
    this.properties = properties;
    this.secrets = Map.copyOf(secrets);
    this.json = json;
    this.registry = registry;
    this.pool = Executors.newScheduledThreadPool(properties.threads(),
        Thread.ofPlatform().name("notifications-", 0).daemon().factory());
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    for (NotificationEvent event : NotificationEvent.values()) {
      for (String result : List.of("delivered", "failed")) {
        counter(event.label(), result); // present at 0, so that alerts see the series before the first call
      }
    }
  }

  /** Sends {@code notification} to each webhook; returns at once. */
  public void send(Notification notification, List<Webhook> webhooks) {
    byte[] body = json.writeValueAsBytes(notification);
    for (Webhook webhook : webhooks) {
      String shown = shown(webhook);
      Optional<URI> target = resolve(webhook);
      if (target.isEmpty()) {
        log.warn("Notification {} of run {} of {} not sent to {}: ferry.scheduler.secrets has no http(s) URL under that name",
            notification.event(), notification.runId(), notification.schedule(), shown);
        counter(notification.event(), "failed").increment();
        continue;
      }
      pool.execute(() -> attempt(target.get(), shown, body, notification, 1));
    }
  }

  private void attempt(URI target, String shown, byte[] body, Notification notification, int attempt) {
    String failure;
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(target).timeout(properties.timeout())
          .header("Content-Type", "application/json").header("User-Agent", "ferry-scheduler")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        counter(notification.event(), "delivered").increment();
        log.info("Notified {} of run {} of {} ({}, try {})", shown, notification.runId(), notification.schedule(),
            notification.event(), attempt);
        return;
      }
      failure = "HTTP " + response.statusCode();
    } catch (IOException e) {
      failure = e.getClass().getSimpleName(); // its message may carry the URL
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (attempt >= properties.attempts()) {
      counter(notification.event(), "failed").increment();
      log.warn("Gave up notifying {} of run {} of {} ({}) after {} tries; the last answer: {}", shown,
          notification.runId(), notification.schedule(), notification.event(), attempt, failure);
      return;
    }
    long wait = properties.backoff().toMillis() << Math.min(attempt - 1, 20);
    log.info("Notifying {} of run {} of {} ({}) failed on try {} ({}); trying again in {} ms", shown,
        notification.runId(), notification.schedule(), notification.event(), attempt, failure, wait);
    pool.schedule(() -> attempt(target, shown, body, notification, attempt + 1), wait, TimeUnit.MILLISECONDS);
  }

  private Optional<URI> resolve(Webhook webhook) {
    return switch (webhook) {
      case Webhook.Url url -> Optional.of(url.uri());
      case Webhook.Secret secret -> Optional.ofNullable(secrets.get(secret.name())).flatMap(WebhookNotifier::httpUri);
    };
  }

  private static Optional<URI> httpUri(String value) {
    try {
      URI uri = URI.create(value.strip());
      return "http".equals(uri.getScheme()) || "https".equals(uri.getScheme()) ? Optional.of(uri) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** How a webhook appears in logs: a written URL without its path, a secret by its name. */
  private static String shown(Webhook webhook) {
    return switch (webhook) {
      case Webhook.Url url -> url.redacted();
      case Webhook.Secret secret -> "{secret: " + secret.name() + "}";
    };
  }

  private Counter counter(String event, String result) {
    return Counter.builder("ferry.notifications").description("Webhook notifications, by event and final result")
        .tag("event", event).tag("result", result).register(registry);
  }

  @Override
  public void close() {
    pool.shutdownNow();
    http.close();
  }
}
