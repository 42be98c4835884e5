package dev.ferry.runner.execution;

import dev.ferry.events.ManifestHeaders;
import dev.ferry.events.SafeNames;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Fetches the manifest a run defers to ({@code defer_to} of its schedule) from the manifest
 * service into a state folder of the run, so that {@code dbt build --select state:modified+
 * --defer} or {@code dbt retry} in production works on the last good run of that schedule.
 */
final class DeferState {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final URI manifestService;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** The state a run defers to: its folder and the run that wrote the manifest. */
  record State(Path dir, String runId) {}

  /** Fetching failed in a way the run cannot go on from. */
  static final class DeferStateException extends Exception {
    DeferStateException(String message) {
      super(message);
    }
  }

  DeferState(URI manifestService, String token) {
    this.manifestService = manifestService;
    this.token = token;
  }

  /**
   * The latest successful manifest of {@code schedule}, written to {@code dir}/manifest.json, or
   * empty when the schedule has none yet (its first runs go without state).
   */
  Optional<State> fetch(String workspace, String schedule, Path dir) throws DeferStateException, InterruptedException {
    SafeNames.requireName("workspace", workspace);
    SafeNames.requireName("defer_to", schedule);
    if (manifestService == null) {
      throw new DeferStateException("the schedule defers to '" + schedule
          + "', but this runner has no ferry.runner.manifest-url to fetch its manifest from");
    }
    URI uri = manifestService.resolve("/api/v1/workspaces/" + workspace + "/schedules/" + schedule + "/manifest");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept-Encoding", "gzip").GET();
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() == 404) {
          return Optional.empty();
        }
        if (response.statusCode() != 200) {
          throw new DeferStateException("the manifest service answered " + response.statusCode() + " for the manifest of '"
              + schedule + "'");
        }
        boolean gzip = response.headers().firstValue("Content-Encoding").filter("gzip"::equalsIgnoreCase).isPresent();
        Files.createDirectories(dir);
        Path manifest = dir.resolve("manifest.json");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(gzip ? new GZIPInputStream(body) : body, sha256)) {
          Files.copy(in, manifest, StandardCopyOption.REPLACE_EXISTING);
        }
        String etag = response.headers().firstValue("ETag").orElse("").replace("\"", "");
        if (!etag.equalsIgnoreCase(HexFormat.of().formatHex(sha256.digest()))) {
          throw new DeferStateException("the manifest of '" + schedule + "' arrived damaged: its SHA-256 is not its ETag");
        }
        return Optional.of(new State(dir, response.headers().firstValue(ManifestHeaders.RUN_ID).orElse("unknown")));
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    } catch (IOException e) {
      throw new DeferStateException("cannot fetch the manifest of '" + schedule + "' from " + manifestService + ": " + e);
    }
  }
}
