package dev.ferry.schedules;

import java.util.Locale;

/** What a tick does while an earlier run of the schedule still runs. Written in lower case in the file. */
public enum ConcurrencyPolicy {
  ALLOW, FORBID, REPLACE;

  /** The name as written in {@code ferry_schedules.yml}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
