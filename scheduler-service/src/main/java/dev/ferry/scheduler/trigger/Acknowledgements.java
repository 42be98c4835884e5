package dev.ferry.scheduler.trigger;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Waiting for Kafka to acknowledge a send that a caller waits on (a trigger, a suspension). */
public final class Acknowledgements {

  private Acknowledgements() {}

  /** Returns the send's result once it is acknowledged; else throws what {@code failure} makes of the cause. */
  public static <T> T await(Future<T> send, Duration timeout, Function<Throwable, RuntimeException> failure) {
    try {
      return send.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure.apply(e);
    } catch (ExecutionException | TimeoutException e) {
      throw failure.apply(e);
    }
  }
}
