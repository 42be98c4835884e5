package dev.ferry.support.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares secrets (API tokens, webhook tokens) without showing, by the time a comparison takes,
 * how much of a guess was right or how long the secret is: both sides are hashed with SHA-256 and
 * the digests compared in constant time.
 */
public final class SecretDigests {

  private SecretDigests() {}

  /** The SHA-256 of the secret's UTF-8 bytes, to keep instead of the secret or to compare. */
  public static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether {@code presented} is the secret whose digest is {@code expected}. */
  public static boolean matches(byte[] expected, String presented) {
    return presented != null && MessageDigest.isEqual(expected, digest(presented));
  }

  /** Whether {@code presented} is {@code secret}. */
  public static boolean matches(String secret, String presented) {
    return matches(digest(secret), presented);
  }
}
