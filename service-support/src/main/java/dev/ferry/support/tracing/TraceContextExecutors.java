package dev.ferry.support.tracing;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextScheduledExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Executors whose tasks run in the trace context (the current observation, its span, and so the
 * {@code traceId} and {@code spanId} of log lines) of the thread that submitted them. Work handed
 * from a Kafka listener to a thread of its own stays in the trace of the record that caused it.
 */
public final class TraceContextExecutors {

  private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

  private TraceContextExecutors() {}

  public static ExecutorService propagating(ExecutorService executor) {
    return ContextExecutorService.wrap(executor, SNAPSHOTS::captureAll);
  }

  /** Each scheduled task, periodic ones included, runs in the context of the thread that scheduled it. */
  public static ScheduledExecutorService propagating(ScheduledExecutorService executor) {
    return ContextScheduledExecutorService.wrap(executor, SNAPSHOTS::captureAll);
  }
}
