package dev.ferry.scheduler.api;

import dev.ferry.events.SafeNames;
import dev.ferry.scheduler.logs.RunLogReader;
import dev.ferry.scheduler.runs.RunHistory;
import dev.ferry.scheduler.runs.RunView;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A run's console log as plain text, line by line as the runner publishes it ({@code follow=true}
 * keeps the response open until the run has ended), for {@code ferry runs logs <id> --follow}.
 */
@RestController
@RequestMapping("/api/v1/runs")
class RunLogController {

  private final RunHistory history;
  private final RunLogReader reader;

  RunLogController(RunHistory history, RunLogReader reader) {
    this.history = history;
    this.reader = reader;
  }

  @GetMapping("/{runId}/logs")
  ResponseEntity<StreamingResponseBody> logs(@PathVariable String runId,
      @RequestParam(defaultValue = "false") boolean follow, @RequestParam(defaultValue = "1") long from) {
    SafeNames.requireRunId(runId);
    if (history.find(runId).isEmpty()) {
      throw NotFoundException.run(runId);
    }
    StreamingResponseBody body = out -> reader.read(runId, from, follow, () -> ended(runId), line -> write(out, line));
    return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8)).body(body);
  }

  private boolean ended(String runId) {
    return history.find(runId).map(RunView::phase).map(phase -> phase.isTerminal()).orElse(true);
  }

  private static boolean write(OutputStream out, String line) {
    try {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return true;
    } catch (IOException e) {
      return false; // the client went away
    }
  }
}
