package dev.ferry.scheduler.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class WebhookSignaturesTest {

  private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.UTF_8);

  /** The example of GitHub's "Validating webhook deliveries" page. */
  @Test
  void matchesGitHubsDocumentedExample() {
    assertThat(WebhookSignatures.gitHubSignatureMatches("It's a Secret to Everybody", HELLO,
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")).isTrue();
    assertThat(WebhookSignatures.gitHubSignatureMatches("It's a Secret to Everybody", HELLO,
        "sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17")).as("hex in upper case").isTrue();
  }

  @Test
  void refusesAnotherSecretBodyOrFormAndNoHeader() {
    String good = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    assertThat(WebhookSignatures.gitHubSignatureMatches("another secret", HELLO, good)).isFalse();
    assertThat(WebhookSignatures.gitHubSignatureMatches("It's a Secret to Everybody",
        "Hello, World?".getBytes(StandardCharsets.UTF_8), good)).isFalse();
    assertThat(WebhookSignatures.gitHubSignatureMatches("It's a Secret to Everybody", HELLO,
        "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")).isFalse();
    assertThat(WebhookSignatures.gitHubSignatureMatches("It's a Secret to Everybody", HELLO, good.substring(0, 20)))
        .isFalse();
    assertThat(WebhookSignatures.gitHubSignatureMatches("It's a Secret to Everybody", HELLO, null)).isFalse();
  }

  @Test
  void aGitLabTokenMustBeTheConfiguredOneExactly() {
    assertThat(WebhookSignatures.gitLabTokenMatches("gitlab-webhook-token-0123", "gitlab-webhook-token-0123")).isTrue();
    assertThat(WebhookSignatures.gitLabTokenMatches("gitlab-webhook-token-0123", "gitlab-webhook-token-012")).isFalse();
    assertThat(WebhookSignatures.gitLabTokenMatches("gitlab-webhook-token-0123", "")).isFalse();
    assertThat(WebhookSignatures.gitLabTokenMatches("gitlab-webhook-token-0123", null)).isFalse();
  }
}
