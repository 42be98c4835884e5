package dev.ferry.manifest.index;

import dev.ferry.events.SafeNames;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Which of a schedule's manifests a request means. With no pin, the newest that {@code status}
 * admits; a pin narrows that to one run ({@code runId}, whatever its status), the newest run at a git
 * commit ({@code gitSha}, a prefix of at least seven hex digits), or the newest run that had finished
 * by an instant ({@code at}). At most one pin.
 */
public record ManifestQuery(StatusFilter status, String runId, String gitSha, Instant at) {

  /** Which runs' manifests count (DESIGN.md, "Defer semantics"). */
  public enum StatusFilter {
    /** Only runs that SUCCEEDED: the default defer target. */
    SUCCEEDED,
    /** Any finished run that produced a manifest. */
    ANY;

    /** Parses {@code succeeded} or {@code any}, in any case; null means SUCCEEDED. */
    public static StatusFilter parse(String value) {
      if (value == null || value.isBlank()) {
        return SUCCEEDED;
      }
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "succeeded" -> SUCCEEDED;
        case "any" -> ANY;
        default -> throw new IllegalArgumentException("status '" + value + "' is not 'succeeded' or 'any'");
      };
    }

    boolean admits(IndexedManifest manifest) {
      return this == ANY || manifest.succeeded();
    }
  }

  public static final ManifestQuery LATEST = new ManifestQuery(StatusFilter.SUCCEEDED, null, null, null);

  public ManifestQuery {
    status = status == null ? StatusFilter.SUCCEEDED : status;
    int pins = (runId == null ? 0 : 1) + (gitSha == null ? 0 : 1) + (at == null ? 0 : 1);
    if (pins > 1) {
      throw new IllegalArgumentException("give at most one of run_id, git_sha and at");
    }
    if (runId != null) {
      SafeNames.requireName("run_id", runId);
    }
    if (gitSha != null) {
      if (!gitSha.matches("[0-9a-fA-F]{7,64}")) {
        throw new IllegalArgumentException("git_sha '" + gitSha + "' is not 7 to 64 hex digits");
      }
      gitSha = gitSha.toLowerCase(Locale.ROOT);
    }
  }

  /** Whether the query names one manifest rather than the newest. */
  public boolean pinned() {
    return runId != null || gitSha != null || at != null;
  }

  Predicate<IndexedManifest> matcher() {
    if (runId != null) {
      return m -> m.runId().equals(runId);
    }
    Predicate<IndexedManifest> admitted = status::admits;
    if (gitSha != null) {
      return admitted.and(m -> m.gitSha() != null && m.gitSha().toLowerCase(Locale.ROOT).startsWith(gitSha));
    }
    if (at != null) {
      return admitted.and(m -> !m.finishedAt().isAfter(at));
    }
    return admitted;
  }

  /** Says, for a 404, what was looked for. */
  public String describe() {
    String runs = status == StatusFilter.ANY ? "run" : "successful run";
    if (runId != null) {
      return "run " + runId + " has no indexed manifest";
    }
    if (gitSha != null) {
      return "no " + runs + " at git commit " + gitSha + " has an indexed manifest";
    }
    if (at != null) {
      return "no " + runs + " that finished by " + at + " has an indexed manifest";
    }
    return status == StatusFilter.ANY ? "no run of it has stored a manifest yet"
        : "no run of it has succeeded and stored one yet";
  }
}
