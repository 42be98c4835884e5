package dev.ferry.manifest.api;

import java.util.Locale;

/** Reads an {@code Accept-Encoding} request header (RFC 9110, section 12.5.3). */
final class AcceptEncoding {

  private AcceptEncoding() {}

  /** Whether the header admits {@code coding}, by name or by {@code *}, with a q-value above zero. */
  static boolean accepts(String header, String coding) {
    if (header == null || header.isBlank()) {
      return false;
    }
    boolean byWildcard = false;
    for (String element : header.split(",")) {
      String[] parts = element.strip().split(";");
      String name = parts[0].strip().toLowerCase(Locale.ROOT);
      boolean acceptable = quality(parts) > 0;
      if (name.equals(coding)) {
        return acceptable;
      }
      if (name.equals("*")) {
        byWildcard = acceptable;
      }
    }
    return byWildcard;
  }

  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      if (parameter.regionMatches(true, 0, "q=", 0, 2)) {
        try {
          return Double.parseDouble(parameter.substring(2).strip());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
