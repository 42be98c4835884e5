package dev.ferry.scheduler.trigger;

import java.util.regex.Pattern;

/**
 * The git refs and commits a trigger may hand a runner, which passes them to git as arguments:
 * what {@code git check-ref-format} allows, narrowed (no option-like start, no "..", no spaces).
 */
public final class GitRefs {

  private static final Pattern REF =
      Pattern.compile("(?!-)(?!/)(?!.*\\.\\.)(?!.*//)(?!.*@\\{)(?!.*\\.lock$)(?!.*/$)[A-Za-z0-9._/+@-]{1,255}");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  private GitRefs() {}

  /** A branch, tag, commit or full ref such as {@code refs/pull/42/head}. */
  public static boolean isRef(String value) {
    return value != null && REF.matcher(value).matches();
  }

  /** A full commit id, SHA-1 or SHA-256, in lower case. */
  public static boolean isCommit(String value) {
    return value != null && COMMIT.matcher(value).matches();
  }
}
