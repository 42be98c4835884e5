package dev.ferry.cli.api;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * One Ferry service as the CLI calls it: its base URL and the bearer token every request carries.
 *
 * @param token the bearer token, or null to send none
 */
public record Service(URI base, String token) {

  /** A request to {@code base + pathAndQuery}, with the token when there is one. */
  public HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
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
