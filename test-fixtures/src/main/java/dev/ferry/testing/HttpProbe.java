package dev.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP calls to a service under test, as any client would make them. */
public final class HttpProbe {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private HttpProbe() {}

  /** GET with optional header name/value pairs; the body as bytes. */
  public static HttpResponse<byte[]> get(URI uri, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  public static String getString(URI uri) {
    return new String(get(uri).body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** POST a JSON body (none when empty). */
  public static HttpResponse<String> post(URI uri, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    if (!json.isEmpty()) {
      request.header("Content-Type", "application/json");
    }
    return send(request.POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return CLIENT.send(request, body);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
