package dev.ferry.runner.execution;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs someone asked to stop ({@code ferry.run.control}, read from its start by every
 * runner), and the threads executing runs here, so a cancel can stop one: the thread is
 * interrupted while it runs git or dbt, which stops the process tree, and the run ends CANCELLED.
 * A run cancelled before it was taken off the queue ends CANCELLED without starting. A cancel may
 * be bounded to an attempt (the scheduler ending that attempt LOST): it then stops that attempt
 * and earlier ones, never the retry. Remembers the latest {@value #REMEMBERED} cancelled runs.
 * Safe for concurrent use.
 */
public final class Cancellations {

  private static final Logger log = LoggerFactory.getLogger(Cancellations.class);

  static final int REMEMBERED = 100_000;

  /** Who cancelled a run, and up to which attempt ({@link Integer#MAX_VALUE}: every attempt). */
  private record Cancel(String requestedBy, int upToAttempt) {
    boolean covers(int attempt) {
      return attempt <= upToAttempt;
    }
  }

  /** The thread executing an attempt of a run here. */
  private record Performing(Thread thread, int attempt) {}

  private final Map<String, Cancel> cancels = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Cancel> eldest) {
      return size() > REMEMBERED;
    }
  };
  private final Map<String, Performing> performing = new HashMap<>();
  private final CountDownLatch caughtUp = new CountDownLatch(1);

  /** Records a cancel of every attempt of the run; stops it at once if it is executing here. */
  public void cancel(String runId, String requestedBy) {
    cancel(runId, null, requestedBy);
  }

  /**
   * Records a cancel of the run's attempts up to {@code upToAttempt} (every attempt when null);
   * stops the run at once if such an attempt is executing here.
   */
  public synchronized void cancel(String runId, Integer upToAttempt, String requestedBy) {
    int upTo = upToAttempt == null ? Integer.MAX_VALUE : upToAttempt;
    cancels.merge(runId, new Cancel(requestedBy, upTo),
        (known, fresh) -> fresh.upToAttempt() > known.upToAttempt() ? fresh : known);
    Performing executing = performing.get(runId);
    if (executing != null && executing.attempt() <= upTo) {
      executing.thread().interrupt();
    }
  }

  /** Who cancelled this attempt of the run, if someone did. */
  public synchronized Optional<String> cancelledBy(String runId, int attempt) {
    return Optional.ofNullable(cancels.get(runId)).filter(c -> c.covers(attempt)).map(Cancel::requestedBy);
  }

  /**
   * Whether the scheduler has ended this attempt LOST (a cancel bounded to it or a later attempt,
   * and no cancel of every attempt): its retry runs, or will, as a later attempt, so this one must
   * leave no trace, no start and no completion that could stand in the retry's way. Waits first,
   * up to {@code patience}, for the cancels that were on the topic at start-up.
   */
  public boolean superseded(String runId, int attempt, Duration patience) throws InterruptedException {
    awaitCaughtUp(runId, patience);
    return superseded(runId, attempt);
  }

  synchronized boolean superseded(String runId, int attempt) {
    Cancel cancel = cancels.get(runId);
    return cancel != null && cancel.upToAttempt() != Integer.MAX_VALUE && cancel.covers(attempt);
  }

  /** Every cancel that was on {@code ferry.run.control} when this runner started has been recorded. */
  public void caughtUp() {
    caughtUp.countDown();
  }

  /**
   * Marks the calling thread as executing the run's checkout and commands, the only time a cancel
   * interrupts it; returns false (and marks nothing) when the attempt is cancelled already. Waits
   * first, up to {@code patience}, for the cancels that were on the topic at start-up, so that a
   * runner just started does not run a request whose cancel it has not read yet.
   */
  boolean performing(String runId, int attempt, Duration patience) throws InterruptedException {
    awaitCaughtUp(runId, patience);
    synchronized (this) {
      if (cancelledBy(runId, attempt).isPresent()) {
        return false;
      }
      performing.put(runId, new Performing(Thread.currentThread(), attempt));
      return true;
    }
  }

  private void awaitCaughtUp(String runId, Duration patience) throws InterruptedException {
    if (!caughtUp.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn("Run {}: the cancels on the control topic are not all read after {} s; going ahead",
          runId, patience.toSeconds());
    }
  }

  /** The run's commands are over; from now on a cancel only records. Clears an interrupt a cancel left. */
  synchronized void performed(String runId, int attempt) {
    performing.remove(runId);
    if (cancelledBy(runId, attempt).isPresent()) {
      Thread.interrupted();
    }
  }
}
