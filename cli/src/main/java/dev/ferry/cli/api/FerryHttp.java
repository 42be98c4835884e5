package dev.ferry.cli.api;

import dev.ferry.cli.CliException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON over HTTP to the Ferry services, with their problem+json errors turned into one line. */
public final class FerryHttp {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(CONNECT_TIMEOUT)
      .followRedirects(HttpClient.Redirect.NORMAL)
      .build();

  public HttpClient client() {
    return client;
  }

  public JsonNode get(URI uri) {
    return json(send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET().build()));
  }

  public JsonNode post(URI uri, Object body) {
    return json(send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build()));
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 400) {
        throw new CliException(problem(response.statusCode(), response.body(), request.uri()));
      }
      return response;
    } catch (IOException e) {
      throw unreachable(request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", 130);
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (JacksonException e) {
      throw new CliException(response.uri() + " answered with something that is not JSON");
    }
  }

  /** The {@code detail} of a problem+json answer, or the status when there is none. */
  public static String problem(int status, String body, URI uri) {
    try {
      JsonNode problem = JSON.readTree(body == null ? "" : body);
      if (problem != null && problem.hasNonNull("detail")) {
        return problem.get("detail").asString();
      }
    } catch (JacksonException e) {
      // not problem+json
    }
    return uri + " answered HTTP " + status;
  }

  /** The server did not answer at all. */
  public static ServerUnreachableException unreachable(URI uri, IOException cause) {
    String why = cause instanceof ConnectException ? "connection refused"
        : cause instanceof HttpTimeoutException ? "timed out" : String.valueOf(cause.getMessage());
    return new ServerUnreachableException(uri.getScheme() + "://" + uri.getAuthority(), why);
  }
}
