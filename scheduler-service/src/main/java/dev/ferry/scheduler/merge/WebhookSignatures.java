package dev.ferry.scheduler.merge;

import dev.ferry.support.security.SecretDigests;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The two ways a provider proves a delivery is its own; every comparison takes the same time whatever matches. */
final class WebhookSignatures {

  private static final String PREFIX = "sha256=";

  private WebhookSignatures() {}

  /** GitHub: {@code X-Hub-Signature-256} is {@code sha256=} and the hex HMAC-SHA256 of the raw body. */
  static boolean gitHubSignatureMatches(String secret, byte[] body, String header) {
    if (header == null || !header.startsWith(PREFIX)) {
      return false;
    }
    byte[] expected = HexFormat.of().formatHex(hmacSha256(secret, body)).getBytes(StandardCharsets.US_ASCII);
    byte[] presented = header.substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT)
        .getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, presented);
  }

  /** GitLab: {@code X-Gitlab-Token} is the configured token; compared by SHA-256, so its length does not show. */
  static boolean gitLabTokenMatches(String token, String header) {
    return SecretDigests.matches(token, header);
  }

  static byte[] hmacSha256(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }
}
