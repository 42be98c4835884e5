package dev.ferry.manifest.api;

import dev.ferry.events.ScheduleKey;
import dev.ferry.manifest.index.DeferTarget;
import dev.ferry.manifest.index.DeferTargets;
import dev.ferry.manifest.store.ManifestStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.net.URI;
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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Serves each schedule's defer target: the manifest bytes, streamed from S3, with its SHA-256 as
 * ETag ({@code If-None-Match} answers 304) and headers naming the run, its git SHA and when it
 * finished; and the same facts as JSON under {@code /metadata}.
 */
@RestController
@RequestMapping("/api/v1/workspaces/{workspace}/schedules/{schedule}/manifest")
class ManifestController {

  static final String RUN_ID = "Ferry-Run-Id";
  static final String GIT_SHA = "Ferry-Git-Sha";
  static final String FINISHED_AT = "Ferry-Finished-At";
  static final String DBT_VERSION = "Ferry-Dbt-Version";

  private final DeferTargets targets;
  private final ManifestStore store;
  private final MeterRegistry meters;

  ManifestController(DeferTargets targets, ManifestStore store, MeterRegistry meters) {
    this.targets = targets;
    this.store = store;
    this.meters = meters;
  }

  @GetMapping
  ResponseEntity<StreamingResponseBody> manifest(@PathVariable String workspace, @PathVariable String schedule,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    DeferTarget target = find(workspace, schedule);
    HttpHeaders headers = headers(target);
    if (EntityTags.matches(ifNoneMatch, target.sha256())) {
      count("304");
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(headers).build();
    }
    ManifestStore.StoredManifest stored = openChecked(target);
    count("200");
    StreamingResponseBody body = out -> {
      try (InputStream in = stored.bytes()) {
        in.transferTo(out);
      }
    };
    return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_JSON)
        .contentLength(target.sizeBytes()).body(body);
  }

  /**
   * Opens the manifest before any header is sent, so that a store that is away, or an object that
   * is no longer the one indexed, is a 502 problem instead of a broken transfer under a wrong ETag.
   */
  private ManifestStore.StoredManifest openChecked(DeferTarget target) {
    ManifestStore.StoredManifest stored;
    try {
      stored = store.open(target.manifestUri());
    } catch (RuntimeException e) {
      count("502");
      throw badGateway("The manifest of run " + target.runId() + " cannot be read from the artifact store: "
          + e.getMessage());
    }
    if (stored.sizeBytes() != target.sizeBytes()) {
      closeQuietly(stored.bytes());
      count("502");
      throw badGateway("The stored manifest of run " + target.runId() + " is " + stored.sizeBytes()
          + " bytes, not the " + target.sizeBytes() + " that were indexed");
    }
    return stored;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (java.io.IOException e) {
      // nothing was read; the connection is discarded either way
    }
  }

  private static ErrorResponseException badGateway(String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, detail);
    problem.setTitle("Artifact store unavailable");
    return new ErrorResponseException(HttpStatus.BAD_GATEWAY, problem, null);
  }

  @GetMapping("/metadata")
  ManifestMetadata metadata(@PathVariable String workspace, @PathVariable String schedule) {
    return ManifestMetadata.of(find(workspace, schedule));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badRequest(IllegalArgumentException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Bad request");
    return problem;
  }

  private DeferTarget find(String workspace, String schedule) {
    ScheduleKey key = new ScheduleKey(workspace, schedule);
    return targets.find(key).orElseThrow(() -> {
      count("404");
      return noManifest(key);
    });
  }

  private static HttpHeaders headers(DeferTarget target) {
    HttpHeaders headers = new HttpHeaders();
    headers.setETag(EntityTags.of(target.sha256()));
    headers.setCacheControl(CacheControl.noCache());
    headers.set(RUN_ID, target.runId());
    headers.set(FINISHED_AT, target.finishedAt().toString());
    if (target.gitSha() != null) {
      headers.set(GIT_SHA, target.gitSha());
    }
    if (target.dbtVersion() != null) {
      headers.set(DBT_VERSION, target.dbtVersion());
    }
    return headers;
  }

  private void count(String result) {
    meters.counter("ferry.manifest.requests", "result", result).increment();
  }

  private static ErrorResponseException noManifest(ScheduleKey key) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
        "Schedule '" + key.schedule() + "' in workspace '" + key.workspace()
            + "' has no manifest to defer to yet: no run of it has succeeded and stored one");
    problem.setTitle("No manifest");
    problem.setType(URI.create("https://ferry.dev/problems/no-manifest"));
    problem.setProperty("workspace", key.workspace());
    problem.setProperty("schedule", key.schedule());
    return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
  }
}
