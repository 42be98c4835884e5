package dev.ferry.schedules;

import java.util.Locale;

/** Which ticks missed during downtime are fired after it: none, the latest only, or all (bounded). Written in lower case in the file. */
public enum CatchUpMode {
  NONE, LATEST, ALL;

  /** The name as written in {@code ferry_schedules.yml}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
