package dev.ferry.manifest.api;

/** Strong entity tags of manifests: their SHA-256, quoted as RFC 9110 wants. */
final class EntityTags {

  private EntityTags() {}

  static String of(String sha256) {
    return "\"" + sha256 + "\"";
  }

  /** Whether an {@code If-None-Match} header names this manifest (weak tags compare equal here, as the RFC says). */
  static boolean matches(String ifNoneMatch, String sha256) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String candidate = tag.strip();
      if (candidate.equals("*")) {
        return true;
      }
      if (candidate.startsWith("W/")) {
        candidate = candidate.substring(2);
      }
      if (candidate.length() >= 2 && candidate.startsWith("\"") && candidate.endsWith("\"")) {
        candidate = candidate.substring(1, candidate.length() - 1);
      }
      if (candidate.equalsIgnoreCase(sha256)) {
        return true;
      }
    }
    return false;
  }
}
