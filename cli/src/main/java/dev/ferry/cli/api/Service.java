package dev.ferry.cli.api;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

/**
 * One Ferry service as the CLI calls it: its base URL and the bearer token every request carries.
 *
 * @param token the bearer token, or null to send none
 */
public record Service(URI base, String token) {

  /** A request to {@code base + pathAndQuery}, with the token when there is one. */
  public HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(timeout);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  /** {@code base + pathAndQuery}. */
  public URI uri(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }

  /** The headers every request carries: the token, when there is one. */
  public Map<String, String> headers() {
    return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
  }

  /** {@code http://host:port}, to name the service in messages (never with the token). */
  public String name() {
    return base.getScheme() + "://" + base.getAuthority();
  }

  @Override
  public String toString() {
    return name(); // never the token
  }
}
