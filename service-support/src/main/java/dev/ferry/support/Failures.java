package dev.ferry.support;

/** Turning failures into the one line a person needs. */
public final class Failures {

  private Failures() {}

  /** The innermost message of a chain of causes, which names the real problem; its class name when it has none. */
  public static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getName();
  }
}
