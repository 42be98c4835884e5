package dev.ferry.cli.config;

/**
 * One effective configuration value and where it came from, e.g. {@code env FERRY_URL} or
 * {@code file /home/me/.config/ferry/config.yml (url)}.
 *
 * @param value the value, or null when nothing set it and there is no default
 * @param source which layer set it
 * @param origin the flag, variable or file and key that set it, for {@code ferry config show}
 */
public record Setting(String value, Source source, String origin) {

  /** The layers of configuration, strongest first. */
  public enum Source { FLAG, ENV, FILE, DEFAULT, UNSET }

  static Setting unset() {
    return new Setting(null, Source.UNSET, "not set");
  }

  public boolean isSet() {
    return value != null;
  }
}
