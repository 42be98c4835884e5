package dev.ferry.runner.execution;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands a run's log lines to {@link RunEvents#logLines} in batches, so that followers see them
 * within about a second: a batch goes when {@value #MAX_BATCH} lines are waiting or when
 * {@link #flush} is called (every second by the runner, and at the end of the run).
 */
final class LiveLog {

  static final int MAX_BATCH = 200;

  private final RunEvents events;
  private final RunRequest request;
  private final Clock clock;
  private final List<String> pending = new ArrayList<>();
  private long nextLine = 1;

  LiveLog(RunEvents events, RunRequest request, Clock clock) {
    this.events = events;
    this.request = request;
    this.clock = clock;
  }

  synchronized void add(String line) {
    pending.add(line);
    if (pending.size() >= MAX_BATCH) {
      flush();
    }
  }

  synchronized void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<String> batch = List.copyOf(pending);
    pending.clear();
    events.logLines(request, nextLine, batch, clock.instant());
    nextLine += batch.size();
  }
}
