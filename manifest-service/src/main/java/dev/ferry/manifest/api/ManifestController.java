package dev.ferry.manifest.api;

import static dev.ferry.events.ManifestHeaders.DBT_VERSION;
import static dev.ferry.events.ManifestHeaders.FINISHED_AT;
import static dev.ferry.events.ManifestHeaders.GENERATED_AT;
import static dev.ferry.events.ManifestHeaders.GIT_SHA;
import static dev.ferry.events.ManifestHeaders.RUN_ID;
import static dev.ferry.events.ManifestHeaders.RUN_STATUS;
import static dev.ferry.events.ManifestHeaders.SCHEMA_VERSION;

import dev.ferry.events.ScheduleKey;
import dev.ferry.manifest.index.IndexedManifest;
import dev.ferry.manifest.index.ManifestIndex;
import dev.ferry.manifest.index.ManifestQuery;
import dev.ferry.manifest.store.ManifestStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Serves a schedule's manifests: by default its defer target (the newest successful run's
 * manifest), or the one a query names ({@code status=any}, {@code run_id}, {@code git_sha},
 * {@code at}). The bytes are streamed from S3, gzip-compressed as stored when the client accepts
 * gzip and decompressed on the way otherwise. The ETag is the SHA-256 of the uncompressed manifest
 * ({@code If-None-Match} answers 304), and headers name the run and what the manifest is.
 */
@RestController
@RequestMapping("/api/v1/workspaces/{workspace}/schedules/{schedule}")
class ManifestController {

  private static final int MAX_LIMIT = 1000;

  private final ManifestIndex index;
  private final ManifestStore store;
  private final MeterRegistry meters;

  ManifestController(ManifestIndex index, ManifestStore store, MeterRegistry meters) {
    this.index = index;
    this.store = store;
    this.meters = meters;
  }

  @GetMapping("/manifest")
  ResponseEntity<StreamingResponseBody> manifest(@PathVariable String workspace, @PathVariable String schedule,
      @RequestParam(required = false) String status, @RequestParam(name = "run_id", required = false) String runId,
      @RequestParam(name = "git_sha", required = false) String gitSha, @RequestParam(required = false) String at,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
      @RequestHeader(name = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding) {
    ManifestQuery query = query(status, runId, gitSha, at);
    IndexedManifest manifest = find(workspace, schedule, query);
    HttpHeaders headers = headers(manifest, query);
    if (EntityTags.matches(ifNoneMatch, manifest.sha256())) {
      count("304");
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(headers).build();
    }
    ManifestStore.StoredManifest stored = openChecked(manifest);
    count("200");
    boolean passThrough = manifest.encoding().equals(ManifestStore.IDENTITY)
        || AcceptEncoding.accepts(acceptEncoding, manifest.encoding());
    if (passThrough && !manifest.encoding().equals(ManifestStore.IDENTITY)) {
      headers.set(HttpHeaders.CONTENT_ENCODING, manifest.encoding());
    }
    Long length = passThrough ? Long.valueOf(manifest.storedBytes()) : manifest.contentLength();
    if (length != null) {
      headers.setContentLength(length);
    }
    StreamingResponseBody body = out -> {
      try (InputStream in = passThrough ? stored.bytes() : ManifestStore.decoded(stored.bytes(), manifest.encoding())) {
        in.transferTo(out);
      }
    };
    return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_JSON).body(body);
  }

  @GetMapping("/manifest/metadata")
  ManifestMetadata metadata(@PathVariable String workspace, @PathVariable String schedule,
      @RequestParam(required = false) String status, @RequestParam(name = "run_id", required = false) String runId,
      @RequestParam(name = "git_sha", required = false) String gitSha, @RequestParam(required = false) String at) {
    return ManifestMetadata.of(find(workspace, schedule, query(status, runId, gitSha, at)));
  }

  /** The schedule's manifests, newest first: for finding yesterday's, or the one at a commit. */
  @GetMapping("/manifests")
  ManifestHistoryResponse history(@PathVariable String workspace, @PathVariable String schedule,
      @RequestParam(required = false) String status, @RequestParam(defaultValue = "20") int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
    ScheduleKey key = new ScheduleKey(workspace, schedule);
    return new ManifestHistoryResponse(workspace, schedule, index.history(key, ManifestQuery.StatusFilter.parse(status),
        limit).stream().map(ManifestMetadata::of).toList());
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badRequest(IllegalArgumentException e) {
    count("400");
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Bad request");
    return problem;
  }

  private static ManifestQuery query(String status, String runId, String gitSha, String at) {
    return new ManifestQuery(ManifestQuery.StatusFilter.parse(status), blankToNull(runId), blankToNull(gitSha),
        instant(blankToNull(at)));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static Instant instant(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("at '" + value + "' is not an ISO-8601 date-time with an offset, like "
          + "2026-11-24T09:00:00Z or 2026-11-24T10:00:00+01:00");
    }
  }

  private IndexedManifest find(String workspace, String schedule, ManifestQuery query) {
    ScheduleKey key = new ScheduleKey(workspace, schedule);
    return index.find(key, query).orElseThrow(() -> {
      count("404");
      return noManifest(key, query);
    });
  }

  /**
   * Opens the manifest before any header is sent, so that a store that is away, or an object that
   * is no longer the one indexed, is a 502 problem instead of a broken transfer under a wrong ETag.
   */
  private ManifestStore.StoredManifest openChecked(IndexedManifest manifest) {
    java.util.Optional<ManifestStore.StoredManifest> stored;
    try {
      stored = store.openIndexed(manifest.storedUri(), manifest.storedBytes());
    } catch (RuntimeException e) {
      count("502");
      throw badGateway("The manifest of run " + manifest.runId() + " cannot be read from the artifact store: "
          + e.getMessage());
    }
    if (stored.isEmpty()) {
      count("502");
      throw badGateway("The manifest of run " + manifest.runId() + " is no longer in the artifact store");
    }
    if (stored.get().sizeBytes() != manifest.storedBytes()) {
      closeQuietly(stored.get().bytes());
      count("502");
      throw badGateway("The stored manifest of run " + manifest.runId() + " is " + stored.get().sizeBytes()
          + " bytes, not the " + manifest.storedBytes() + " that were indexed");
    }
    return stored.get();
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing was read; the connection is discarded either way
    }
  }

  private static ErrorResponseException badGateway(String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, detail);
    problem.setTitle("Artifact store unavailable");
    return new ErrorResponseException(HttpStatus.BAD_GATEWAY, problem, null);
  }

  private static HttpHeaders headers(IndexedManifest manifest, ManifestQuery query) {
    HttpHeaders headers = new HttpHeaders();
    headers.setETag(EntityTags.of(manifest.sha256()));
    // A run's manifest never changes; which manifest "latest" or a git SHA names may.
    headers.setCacheControl(query.runId() != null ? CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable()
        : CacheControl.noCache());
    headers.setVary(java.util.List.of(HttpHeaders.ACCEPT_ENCODING));
    headers.set(RUN_ID, manifest.runId());
    headers.set(RUN_STATUS, manifest.runStatus().name());
    headers.set(FINISHED_AT, manifest.finishedAt().toString());
    setIfKnown(headers, GIT_SHA, manifest.gitSha());
    setIfKnown(headers, DBT_VERSION, manifest.dbtVersion());
    setIfKnown(headers, SCHEMA_VERSION, manifest.schemaVersion());
    setIfKnown(headers, GENERATED_AT, manifest.generatedAt());
    return headers;
  }

  private static void setIfKnown(HttpHeaders headers, String name, Object value) {
    if (value != null) {
      headers.set(name, value.toString());
    }
  }

  private void count(String result) {
    Counter.builder("ferry.manifest.requests").tag("result", result)
        .description("Manifest API requests by HTTP status").register(meters).increment();
  }

  private static ErrorResponseException noManifest(ScheduleKey key, ManifestQuery query) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
        "Schedule '" + key.schedule() + "' in workspace '" + key.workspace() + "' has no manifest to defer to: "
            + query.describe());
    problem.setTitle("No manifest");
    problem.setType(URI.create("https://ferry.dev/problems/no-manifest"));
    problem.setProperty("workspace", key.workspace());
    problem.setProperty("schedule", key.schedule());
    return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
  }
}
