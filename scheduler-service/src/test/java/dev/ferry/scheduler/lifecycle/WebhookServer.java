package dev.ferry.scheduler.lifecycle;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP server standing in for chat and incident webhooks: it records every POST and
 * answers 500 to the first calls of the paths it is told to fail, 204 to the rest.
 */
final class WebhookServer implements AutoCloseable {

  /** One call: its path, content type and body. */
  record Call(String path, String contentType, String body) {}

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

  WebhookServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      calls.add(new Call(path, exchange.getRequestHeaders().getFirst("Content-Type"), body));
      AtomicInteger left = failuresLeft.get(path);
      int status = left != null && left.getAndDecrement() > 0 ? 500 : 204;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  /** The next {@code times} calls to {@code path} are answered 500. */
  WebhookServer failFirst(String path, int times) {
    failuresLeft.put(path, new AtomicInteger(times));
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  List<Call> calls(String path) {
    return calls.stream().filter(c -> c.path().equals(path)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
