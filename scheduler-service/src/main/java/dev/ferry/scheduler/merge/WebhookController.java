package dev.ferry.scheduler.merge;

import dev.ferry.events.SafeNames;
import java.net.URI;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The merge webhooks of GitHub and GitLab. They carry their own proof (an HMAC signature, a
 * token) instead of Ferry's bearer token. A delivery that does not prove itself is 401 and fires
 * nothing; one whose endpoint has no secret configured is 404; GitHub's ping is 200; an event that
 * fires nothing is 202 with the reason; a merge is 202 with the runs it requested.
 */
@RestController
@RequestMapping("/api/v1/workspaces/{workspace}/webhooks")
class WebhookController {

  private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

  private final WebhookProperties properties;
  private final MergeTriggers triggers;
  private final ObjectMapper json;

  WebhookController(WebhookProperties properties, MergeTriggers triggers, ObjectMapper json) {
    this.properties = properties;
    this.triggers = triggers;
    this.json = json;
  }

  @PostMapping("/github")
  ResponseEntity<WebhookOutcome> github(@PathVariable String workspace,
      @RequestHeader(name = "X-GitHub-Event", required = false) String event,
      @RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
      @RequestHeader(name = "X-GitHub-Delivery", required = false) String delivery,
      @RequestBody(required = false) byte[] body) {
    byte[] raw = body == null ? new byte[0] : body;
    String secret = configured(workspace, properties.githubSecret(), "github", "ferry.scheduler.webhooks.github-secret");
    if (!WebhookSignatures.gitHubSignatureMatches(secret, raw, signature)) {
      throw refused("github", workspace, delivery, "X-Hub-Signature-256 is missing or is not the HMAC-SHA256 of the body");
    }
    if ("ping".equals(event)) {
      log.info("GitHub webhook of workspace {} answered a ping (delivery {})", workspace, delivery);
      return ResponseEntity.ok(WebhookOutcome.pong());
    }
    return handle(workspace, "github", delivery, raw, payload -> GitHubDeliveries.read(event, payload));
  }

  @PostMapping("/gitlab")
  ResponseEntity<WebhookOutcome> gitlab(@PathVariable String workspace,
      @RequestHeader(name = "X-Gitlab-Event", required = false) String event,
      @RequestHeader(name = "X-Gitlab-Token", required = false) String token,
      @RequestHeader(name = "X-Gitlab-Event-UUID", required = false) String delivery,
      @RequestBody(required = false) byte[] body) {
    String expected = configured(workspace, properties.gitlabToken(), "gitlab", "ferry.scheduler.webhooks.gitlab-token");
    if (!WebhookSignatures.gitLabTokenMatches(expected, token)) {
      throw refused("gitlab", workspace, delivery, "X-Gitlab-Token is missing or is not the configured token");
    }
    return handle(workspace, "gitlab", delivery, body == null ? new byte[0] : body,
        payload -> GitLabDeliveries.read(event, payload));
  }

  private ResponseEntity<WebhookOutcome> handle(String workspace, String provider, String delivery, byte[] body,
      Function<JsonNode, Delivery> reader) {
    JsonNode payload;
    try {
      payload = json.readTree(body);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("the " + provider + " webhook's body is not JSON; set its content type to "
          + "application/json");
    }
    Delivery read = reader.apply(payload);
    WebhookOutcome outcome = read.merge() == null ? WebhookOutcome.ignored(read.ignoredBecause())
        : triggers.fire(workspace, read.merge());
    log.info("{} webhook of workspace {} (delivery {}): {}{}", provider, workspace, delivery, outcome.status(),
        outcome.reason() == null ? "" : " (" + outcome.reason() + ")");
    return ResponseEntity.accepted().body(outcome);
  }

  private static String configured(String workspace, String secret, String provider, String property) {
    SafeNames.requireName("workspace", workspace);
    if (secret == null || secret.isBlank()) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
          "The " + provider + " webhook is off: set " + property + " to turn it on");
      problem.setTitle("Webhook not configured");
      problem.setType(URI.create("https://ferry.dev/problems/not-found"));
      throw new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
    return secret;
  }

  private static ErrorResponseException refused(String provider, String workspace, String delivery, String why) {
    log.warn("Refused a {} webhook delivery {} for workspace {}: {}; nothing fired", provider, delivery, workspace, why);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, why);
    problem.setTitle("Unauthorized");
    return new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
  }
}
