package dev.ferry.events;

import java.util.regex.Pattern;

/**
 * Removes credentials from text that is about to be shown or stored: a git URL such as
 * {@code https://user:token@host/repo.git} keeps its host and path but loses its user part.
 */
public final class Redaction {

  private static final Pattern URL_USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");

  private Redaction() {}

  public static String urls(String text) {
    return text == null ? null : URL_USER_INFO.matcher(text).replaceAll("$1***@");
  }
}
