package dev.ferry.cli.manifest;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dbt-core version such as {@code 1.11.16} or {@code 1.9.0rc2}, and which manifest schema it reads.
 *
 * @param text the version as written
 */
public record DbtVersion(int major, int minor, String text) {

  private static final Pattern MAJOR_MINOR = Pattern.compile("^v?(\\d+)\\.(\\d+)");
  /** The newest dbt-core minor release whose manifest schema is known here (1.8 through 1.11 read v12). */
  private static final int NEWEST_KNOWN_MINOR_OF_1 = 11;

  /** The version, or null when the text does not start with {@code major.minor}. */
  public static DbtVersion parse(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = MAJOR_MINOR.matcher(text.strip());
    return m.find() ? new DbtVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), text.strip()) : null;
  }

  public boolean sameMinorAs(DbtVersion other) {
    return major == other.major && minor == other.minor;
  }

  /**
   * The newest manifest schema ({@code manifest/vN.json}) this dbt reads, or empty for a version newer
   * than any known here: it reads v12 or newer, so Ferry never refuses for it.
   */
  public OptionalInt newestSchemaRead() {
    if (major == 0) {
      return OptionalInt.of(minor < 19 ? 0 : Math.min(minor - 18, 3)); // 0.19 v1, 0.20 v2, 0.21 v3
    }
    if (major == 1 && minor <= 7) {
      return OptionalInt.of(minor + 4); // 1.0 v4 … 1.7 v11
    }
    if (major == 1 && minor <= NEWEST_KNOWN_MINOR_OF_1) {
      return OptionalInt.of(12);
    }
    return OptionalInt.empty();
  }

  /** The oldest dbt-core that reads a schema version, for advice: 12 → "1.8". */
  public static String oldestReading(int schemaVersion) {
    if (schemaVersion <= 3) {
      return "0." + (18 + Math.max(1, schemaVersion));
    }
    if (schemaVersion <= 12) {
      return "1." + (schemaVersion - 4);
    }
    return "a dbt newer than 1." + NEWEST_KNOWN_MINOR_OF_1;
  }

  @Override
  public String toString() {
    return text;
  }
}
