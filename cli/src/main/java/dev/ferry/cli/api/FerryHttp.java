package dev.ferry.cli.api;

import dev.ferry.cli.CliException;
import dev.ferry.cli.ExitCodes;
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

  /** Built on first use: Jackson is hundreds of classes, and the warm defer path (a 304) needs none of them. */
  private static final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
  }
  /** A developer waits for this at most before Ferry says the service is unreachable (and falls back to the cache). */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client;

  public FerryHttp() {
    this(newClient(CONNECT_TIMEOUT));
  }

  public FerryHttp(HttpClient client) {
    this.client = client;
  }

  public static HttpClient newClient(Duration connectTimeout) {
    return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  public HttpClient client() {
    return client;
  }

  public JsonNode get(Service service, String pathAndQuery) {
    return json(send(service.request(pathAndQuery, REQUEST_TIMEOUT).header("Accept", "application/json").GET().build()));
  }

  public JsonNode post(Service service, String path, Object body) {
    return json(send(service.request(path, REQUEST_TIMEOUT)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))).build()));
  }

  /** GETs a text resource and hands each line to {@code lines} as it arrives (a followed log may stream for hours). */
  public void lines(Service service, String pathAndQuery, java.util.function.Consumer<String> lines) {
    HttpRequest request = service.request(pathAndQuery, REQUEST_TIMEOUT).header("Accept", "text/plain").GET().build();
    try {
      HttpResponse<java.util.stream.Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
      int status = response.statusCode();
      if (status >= 400) {
        String body = response.body().collect(java.util.stream.Collectors.joining("\n"));
        throw status == 401 || status == 403 ? refused(status, body, request.uri())
            : new CliException(problem(status, body, request.uri()), status == 400 ? ExitCodes.USAGE : ExitCodes.FAILURE);
      }
      try (java.util.stream.Stream<String> body = response.body()) {
        body.forEach(lines);
      }
    } catch (IOException e) {
      throw unreachable(request.uri(), e);
    } catch (java.io.UncheckedIOException e) {
      throw unreachable(request.uri(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", ExitCodes.INTERRUPTED);
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status == 401 || status == 403) {
        throw refused(status, response.body(), request.uri());
      }
      if (status >= 400) {
        throw new CliException(problem(status, response.body(), request.uri()),
            status == 400 ? ExitCodes.USAGE : ExitCodes.FAILURE);
      }
      return response;
    } catch (IOException e) {
      throw unreachable(request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", ExitCodes.INTERRUPTED);
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (JacksonException e) {
      throw new CliException(response.uri() + " answered with something that is not JSON");
    }
  }

  /** The {@code detail} of a problem+json answer, or the status when there is none. */
  public static String problem(int status, String body, URI uri) {
    try {
      JsonNode problem = Json.MAPPER.readTree(body == null ? "" : body);
      if (problem != null && problem.hasNonNull("detail")) {
        return problem.get("detail").asString();
      }
      if (problem != null && problem.hasNonNull("title")) {
        return problem.get("title").asString() + " (" + uri + " answered HTTP " + status + ")";
      }
    } catch (JacksonException e) {
      // not problem+json
    }
    return uri + " answered HTTP " + status;
  }

  /** 401 or 403: the token is missing, wrong or not allowed; never something to fall back from. */
  public static CliException refused(int status, String body, URI uri) {
    String service = uri.getScheme() + "://" + uri.getAuthority();
    String why = status == 401 ? "missing or invalid token" : "token not allowed here";
    return new CliException(service + " refused the request (HTTP " + status + ", " + why + ": "
        + problem(status, body, uri) + "); set the token with FERRY_TOKEN or 'token' in the config file "
        + "(ferry config show)", ExitCodes.AUTH);
  }

  /** The server did not answer at all. */
  public static ServerUnreachableException unreachable(URI uri, IOException cause) {
    return new ServerUnreachableException(uri.getScheme() + "://" + uri.getAuthority(), why(cause));
  }

  /** A short reason: "connection refused", "timed out", or the exception's own message. */
  public static String why(IOException cause) {
    if (cause instanceof ConnectException) {
      return cause.getMessage() != null && cause.getMessage().contains("timed out") ? "connect timed out"
          : "connection refused";
    }
    if (cause instanceof java.net.SocketTimeoutException) { // HttpGet's connect and read timeouts
      return cause.getMessage() != null && cause.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect")
          ? "connect timed out" : "timed out";
    }
    if (cause instanceof HttpTimeoutException) {
      return "timed out";
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }
}
