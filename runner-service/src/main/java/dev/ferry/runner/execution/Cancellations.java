package dev.ferry.runner.execution;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The runs someone asked to stop ({@code ferry.run.control}, read from its start by every
 * runner), and the threads executing runs here, so a cancel can stop one: the thread is
 * interrupted while it runs git or dbt, which stops the process tree, and the run ends CANCELLED.
 * A run cancelled before it was taken off the queue ends CANCELLED without starting. Remembers the
 * latest {@value #REMEMBERED} cancels. Safe for concurrent use.
 */
public final class Cancellations {

  static final int REMEMBERED = 100_000;

  private final Map<String, String> cancelledBy = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > REMEMBERED;
    }
  };
  private final Map<String, Thread> performing = new HashMap<>();

  /** Records a cancel; stops the run at once if it is executing its commands here. */
  public synchronized void cancel(String runId, String requestedBy) {
    cancelledBy.putIfAbsent(runId, requestedBy);
    Thread thread = performing.get(runId);
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** Who cancelled the run, if someone did. */
  public synchronized Optional<String> cancelledBy(String runId) {
    return Optional.ofNullable(cancelledBy.get(runId));
  }

  /**
   * Marks the calling thread as executing the run's checkout and commands, the only time a cancel
   * interrupts it; returns false (and marks nothing) when the run is cancelled already.
   */
  synchronized boolean performing(String runId) {
    if (cancelledBy.containsKey(runId)) {
      return false;
    }
    performing.put(runId, Thread.currentThread());
    return true;
  }

  /** The run's commands are over; from now on a cancel only records. Clears an interrupt a cancel left. */
  synchronized void performed(String runId) {
    performing.remove(runId);
    if (cancelledBy.containsKey(runId)) {
      Thread.interrupted();
    }
  }
}
