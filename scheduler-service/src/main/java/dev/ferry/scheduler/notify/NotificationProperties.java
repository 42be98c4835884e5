package dev.ferry.scheduler.notify;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the scheduler delivers webhook notifications.
 *
 * @param timeout how long one POST may take, connecting included
 * @param attempts how often a notification is tried before it is given up (counted {@code failed})
 * @param backoff the wait before the second try; it doubles before each further one
 * @param baseUrl the scheduler's public address, so that a payload's links are absolute; none leaves them relative
 * @param threads how many notifications are delivered at once, off the firing thread
 */
@Validated
@ConfigurationProperties("ferry.scheduler.notifications")
public record NotificationProperties(
    @DefaultValue("10s") @NotNull Duration timeout,
    @DefaultValue("5") int attempts,
    @DefaultValue("2s") @NotNull Duration backoff,
    URI baseUrl,
    @DefaultValue("2") int threads) {

  public NotificationProperties {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("ferry.scheduler.notifications.timeout must be positive");
    }
    if (attempts < 1 || attempts > 20) {
      throw new IllegalArgumentException("ferry.scheduler.notifications.attempts must be 1 to 20");
    }
    if (backoff != null && backoff.isNegative()) {
      throw new IllegalArgumentException("ferry.scheduler.notifications.backoff must not be negative");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("ferry.scheduler.notifications.threads must be at least 1");
    }
  }
}
