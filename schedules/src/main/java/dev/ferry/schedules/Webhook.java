package dev.ferry.schedules;

import java.net.URI;

/**
 * Where a notification goes: an http(s) URL written in the file, or a secret that holds the URL
 * (chat webhooks carry their credential in the path).
 */
public sealed interface Webhook {

  /** A URL written in the file. */
  record Url(URI uri) implements Webhook {
    /** Scheme and host only, so that a token in the path or query is never shown. */
    public String redacted() {
      return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + "/…";
    }
  }

  /** A secret that holds the URL, written as {@code {secret: NAME}}. */
  record Secret(String name) implements Webhook {}
}
