package dev.ferry.cli.config;

import dev.ferry.cli.CliException;
import dev.ferry.cli.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ~/.config/ferry/config.yml}: a flat YAML mapping of a few known keys to plain or quoted scalars.
 * The reader is deliberately small and strict (no YAML library on the start-up path): anything it does
 * not understand, and any unknown key, is an error naming the file, line and key.
 */
public record ConfigFile(Path path, Map<String, String> values) {

  public static final String URL = "url";
  public static final String SCHEDULER_URL = "scheduler_url";
  public static final String MANIFEST_URL = "manifest_url";
  public static final String TOKEN = "token";
  public static final String WORKSPACE = "workspace";
  static final Set<String> KEYS = Set.of(URL, SCHEDULER_URL, MANIFEST_URL, TOKEN, WORKSPACE);

  /** {@code $XDG_CONFIG_HOME/ferry/config.yml}, else {@code ~/.config/ferry/config.yml}. */
  public static Path standardPath(Map<String, String> env, String userHome) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".config");
    return base.resolve("ferry").resolve("config.yml");
  }

  /** The file's values, or none when it does not exist. */
  public static ConfigFile read(Path path) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new ConfigFile(path, Map.of());
    } catch (IOException e) {
      throw new CliException("cannot read " + path + ": " + e.getMessage(), ExitCodes.USAGE);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String where = path + ":" + (i + 1);
      String content = stripComment(line, where).strip();
      if (content.isEmpty() || content.equals("---")) {
        continue;
      }
      if (Character.isWhitespace(line.charAt(0))) {
        throw new CliException(where + ": nested values are not supported; use top-level 'key: value' lines",
            ExitCodes.USAGE);
      }
      int colon = content.indexOf(':');
      if (colon <= 0) {
        throw new CliException(where + ": expected 'key: value'", ExitCodes.USAGE);
      }
      String key = content.substring(0, colon).strip();
      if (!KEYS.contains(key)) {
        throw new CliException(where + ": unknown key '" + key + "' (known keys: url, scheduler_url, manifest_url, "
            + "token, workspace)", ExitCodes.USAGE);
      }
      if (values.containsKey(key)) {
        throw new CliException(where + ": key '" + key + "' is set twice", ExitCodes.USAGE);
      }
      String value = scalar(content.substring(colon + 1).strip(), where, key);
      if (value != null) {
        values.put(key, value);
      }
    }
    return new ConfigFile(path, Map.copyOf(values));
  }

  public String get(String key) {
    return values.get(key);
  }

  /** The line without a {@code # comment}; a '#' inside quotes is part of the value. */
  private static String stripComment(String line, String where) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    if (quote != 0) {
      throw new CliException(where + ": unterminated quote", ExitCodes.USAGE);
    }
    return line;
  }

  /** A plain or quoted scalar; empty, {@code ~} and {@code null} mean "not set". */
  private static String scalar(String raw, String where, String key) {
    if (raw.isEmpty() || raw.equals("~") || raw.equals("null")) {
      return null;
    }
    char first = raw.charAt(0);
    if (first == '"' || first == '\'') {
      if (raw.length() < 2 || raw.charAt(raw.length() - 1) != first || raw.indexOf(first, 1) != raw.length() - 1) {
        throw new CliException(where + ": the value of '" + key + "' is not one quoted string", ExitCodes.USAGE);
      }
      String inner = raw.substring(1, raw.length() - 1);
      if (first == '"' && inner.indexOf('\\') >= 0) {
        throw new CliException(where + ": escapes in the value of '" + key + "' are not supported; use single quotes",
            ExitCodes.USAGE);
      }
      return inner;
    }
    if ("[{&*!|>%@`".indexOf(first) >= 0) {
      throw new CliException(where + ": the value of '" + key + "' must be a plain string", ExitCodes.USAGE);
    }
    return raw;
  }
}
