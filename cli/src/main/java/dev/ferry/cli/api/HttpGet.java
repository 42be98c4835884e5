package dev.ferry.cli.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One GET over {@link HttpURLConnection}, for the CLI's start-up path (the manifest fetch before dbt
 * starts). Unlike {@code java.net.http.HttpClient}, it builds no TLS context for {@code http://} URLs
 * and loads about a hundred classes instead of ~500, which a developer waits for at every
 * {@code ferry dbt}; {@code https://} works the same way, through the JDK's TLS.
 */
public final class HttpGet {

  private static final int MAX_REDIRECTS = 5;

  private HttpGet() {}

  /**
   * An answer: its status, headers and body. The body is the error body for a status of 400 and
   * above, and empty when there is none. Closing it lets the connection go.
   */
  public static final class Response implements AutoCloseable {

    private final URI uri;
    private final HttpURLConnection connection;
    private final int status;
    private final InputStream body;

    private Response(URI uri, HttpURLConnection connection, int status, InputStream body) {
      this.uri = uri;
      this.connection = connection;
      this.status = status;
      this.body = body;
    }

    public URI uri() {
      return uri;
    }

    public int status() {
      return status;
    }

    public InputStream body() {
      return body;
    }

    /** The value of a header (names are case-insensitive), if sent. */
    public Optional<String> header(String name) {
      return Optional.ofNullable(connection.getHeaderField(name));
    }

    public OptionalLong longHeader(String name) {
      try {
        return header(name).map(v -> OptionalLong.of(Long.parseLong(v.strip()))).orElse(OptionalLong.empty());
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  /**
   * Sends a GET and waits for the status line and headers. Redirects are followed as
   * {@code java.net.http.HttpClient.Redirect.NORMAL} follows them (up to five, never from https to http),
   * so that an {@code http://} URL behind an ingress that redirects to {@code https://} still works.
   *
   * @param readTimeout how long any one wait for the server may take: for the headers, then for each read of the body
   * @throws IOException when the server cannot be reached or does not answer in time
   */
  public static Response send(URI uri, Map<String, String> headers, Duration connectTimeout, Duration readTimeout)
      throws IOException {
    URI target = uri;
    for (int redirects = 0; ; redirects++) {
      HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
      connection.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
      connection.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
      connection.setUseCaches(false);
      connection.setInstanceFollowRedirects(false);
      headers.forEach(connection::setRequestProperty);
      int status = connection.getResponseCode();
      URI next = redirect(target, status, connection.getHeaderField("Location"));
      if (next != null && redirects < MAX_REDIRECTS) {
        connection.getInputStream().close();
        target = next;
        continue;
      }
      InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      return new Response(target, connection, status, body == null ? InputStream.nullInputStream() : body);
    }
  }

  /** Where a redirect points, or null when {@code status} is none to follow. */
  private static URI redirect(URI from, int status, String location) {
    if (location == null || !(status == 301 || status == 302 || status == 303 || status == 307 || status == 308)) {
      return null;
    }
    URI to = from.resolve(location);
    boolean downgrade = "https".equalsIgnoreCase(from.getScheme()) && !"https".equalsIgnoreCase(to.getScheme());
    return downgrade || !("http".equalsIgnoreCase(to.getScheme()) || "https".equalsIgnoreCase(to.getScheme())) ? null : to;
  }
}
