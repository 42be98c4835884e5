package dev.ferry.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a stand-in manifest service; the real one is driven by the standalone end-to-end test. */
@Tag("unit")
class DeferStateTest {

  private static final byte[] MANIFEST = "{\"metadata\": {\"dbt_schema_version\": \"v12\"}}".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path tmp;

  private HttpServer server;
  private volatile String etag;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void writesTheGzippedManifestCheckedAgainstItsETag() throws Exception {
    DeferState state = new DeferState(serve(sha256(MANIFEST)), null);

    DeferState.State fetched = state.fetch("default", "nightly", tmp.resolve("state")).orElseThrow();

    assertThat(fetched.runId()).isEqualTo("run-7");
    assertThat(Files.readAllBytes(fetched.dir().resolve("manifest.json"))).isEqualTo(MANIFEST);
    assertThat(state.fetch("default", "unknown", tmp.resolve("other"))).as("no manifest yet").isEmpty();
  }

  @Test
  void refusesDamagedBytesAndARunnerWithoutAManifestService() throws Exception {
    DeferState damaged = new DeferState(serve("0".repeat(64)), null);

    assertThatThrownBy(() -> damaged.fetch("default", "nightly", tmp.resolve("state"))).hasMessageContaining("damaged");
    assertThatThrownBy(() -> new DeferState(null, null).fetch("default", "nightly", tmp))
        .hasMessageContaining("ferry.runner.manifest-url");
    assertThatThrownBy(() -> damaged.fetch("default", "../etc", tmp)).isInstanceOf(IllegalArgumentException.class);
  }

  private URI serve(String etag) throws Exception {
    this.etag = etag;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/workspaces/default/schedules/", exchange -> {
      if (!exchange.getRequestURI().getPath().endsWith("/nightly/manifest")) {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
        gzip.write(MANIFEST);
      }
      exchange.getResponseHeaders().add("ETag", "\"" + this.etag + "\"");
      exchange.getResponseHeaders().add("Ferry-Run-Id", "run-7");
      exchange.getResponseHeaders().add("Content-Encoding", "gzip");
      exchange.sendResponseHeaders(200, gzipped.size());
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(gzipped.toByteArray());
      }
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
