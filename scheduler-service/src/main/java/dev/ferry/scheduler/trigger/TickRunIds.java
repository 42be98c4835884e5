package dev.ferry.scheduler.trigger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/**
 * Run ids of cron runs: a name-based UUID (version 5, SHA-1) of workspace, schedule and nominal
 * tick. Every replica that fires the same tick computes the same id, so a double fire is one run.
 * Merge runs are named the same way by their commit.
 */
public final class TickRunIds {

  /** Ferry's namespace for name-based run ids. */
  static final UUID NAMESPACE = UUID.fromString("6f2b3c1e-8d7a-4e59-9c1b-f3a0d5e2b7c4");

  private TickRunIds() {}

  public static String forTick(String workspace, String schedule, Instant tick) {
    return nameBased(NAMESPACE, workspace + "/" + schedule + "/" + tick).toString();
  }

  /**
   * Run ids of runs fired by a merge: name-based from workspace, schedule and commit, so that a
   * redelivered webhook is the same run. Apart from tick ids by the {@code commit/} in the name.
   */
  public static String forCommit(String workspace, String schedule, String commit) {
    return nameBased(NAMESPACE, workspace + "/" + schedule + "/commit/" + commit).toString();
  }

  static UUID nameBased(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
    sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
        .putLong(namespace.getLeastSignificantBits()).array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bytes.getLong(), bytes.getLong());
  }
}
