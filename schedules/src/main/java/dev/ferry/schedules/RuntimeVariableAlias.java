package dev.ferry.schedules;

import java.util.Locale;

/** Sets of extra names for Ferry's runtime variables, for models written for another scheduler. Written in lower case in the file. */
public enum RuntimeVariableAlias {
  PARADIME, DBT_CLOUD;

  /** The name as written in {@code ferry_schedules.yml}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
