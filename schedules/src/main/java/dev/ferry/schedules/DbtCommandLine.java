package dev.ferry.schedules;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line such as {@code dbt run --select "tag:hourly other"} into the argument
 * list dbt gets, without the leading {@code dbt}. Quotes group words; nothing is ever handed to
 * a shell, so there is no expansion, no redirection and no variable.
 */
public final class DbtCommandLine {

  private DbtCommandLine() {}

  public static List<String> split(String line) {
    List<String> words = tokenize(line);
    if (words.isEmpty() || !words.getFirst().equals("dbt")) {
      throw new IllegalArgumentException("'" + line + "' must start with 'dbt', e.g. 'dbt build'");
    }
    if (words.size() == 1) {
      throw new IllegalArgumentException("'" + line + "' names no dbt command, e.g. 'dbt build'");
    }
    return List.copyOf(words.subList(1, words.size()));
  }

  private static List<String> tokenize(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("'" + line + "' has an unclosed " + quote + " quote");
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
