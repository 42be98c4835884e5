package dev.ferry.events;

import java.util.regex.Pattern;

/**
 * The strict patterns for names that become file paths, S3 keys or record keys. Anything else
 * is refused before it reaches a file system, a bucket or a process.
 */
public final class SafeNames {

  /** Workspace and schedule names: a letter or digit, then letters, digits, '_' or '-'; 64 at most. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  /** Run ids: a UUID in its canonical lower-case form. */
  public static final Pattern RUN_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private SafeNames() {}

  public static boolean isName(String value) {
    return value != null && NAME.matcher(value).matches();
  }

  public static boolean isRunId(String value) {
    return value != null && RUN_ID.matcher(value).matches();
  }

  /** Returns {@code value} when it is a safe name, else throws naming {@code what}. */
  public static String requireName(String what, String value) {
    if (!isName(value)) {
      throw new IllegalArgumentException(what + " '" + value + "' is not a valid name: use 1 to 64 letters, "
          + "digits, '_' or '-', starting with a letter or digit");
    }
    return value;
  }

  /** Returns {@code value} when it is a canonical run id, else throws. */
  public static String requireRunId(String value) {
    if (!isRunId(value)) {
      throw new IllegalArgumentException("run id '" + value + "' is not a lower-case UUID");
    }
    return value;
  }
}
