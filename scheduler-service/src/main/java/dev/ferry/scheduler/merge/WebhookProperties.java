package dev.ferry.scheduler.merge;

import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The shared secrets of the merge webhooks. An endpoint whose secret is not set answers 404, so
 * that nothing fires from a webhook nobody configured. Never logged.
 *
 * @param githubSecret the secret of the GitHub webhook, whose HMAC-SHA256 of the body GitHub sends in
 *     {@code X-Hub-Signature-256}
 * @param gitlabToken the secret token of the GitLab webhook, sent as {@code X-Gitlab-Token}
 */
@Validated
@ConfigurationProperties("ferry.scheduler.webhooks")
public record WebhookProperties(
    @Size(min = 16, message = "must be at least 16 characters") String githubSecret,
    @Size(min = 16, message = "must be at least 16 characters") String gitlabToken) {

  @Override
  public String toString() {
    return "WebhookProperties[githubSecret=" + (githubSecret == null ? "unset" : "***") + ", gitlabToken="
        + (gitlabToken == null ? "unset" : "***") + "]";
  }
}
