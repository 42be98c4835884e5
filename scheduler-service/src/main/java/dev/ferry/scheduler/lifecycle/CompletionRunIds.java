package dev.ferry.scheduler.lifecycle;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Run ids of on-completion runs: name-based (version 3) from the workspace, the downstream schedule
 * and the run whose completion fired it, so that two decisions to fire it for the same run (a
 * handover, a late outcome after LOST) are one run.
 */
public final class CompletionRunIds {

  private CompletionRunIds() {}

  public static String forCompletion(String workspace, String schedule, String upstreamRunId) {
    return UUID.nameUUIDFromBytes(("ferry/on-completion/" + workspace + "/" + schedule + "/" + upstreamRunId)
        .getBytes(StandardCharsets.UTF_8)).toString();
  }
}
