package dev.ferry.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Every topic of Ferry's contract, named under one prefix. {@code docs/events.md} documents
 * each one; a test keeps that page and this class in agreement.
 */
public final class Topics {

  public static final String DEFAULT_PREFIX = "ferry.";

  private static final int DEFAULT_PARTITIONS = 6;

  private final Topic<RunRequested> runRequested;
  private final Topic<SpecificRecord> runEvents;
  private final Topic<RunCompleted> runCompleted;
  private final Topic<ManifestPointer> manifests;
  private final Topic<RunCancelRequested> runControl;
  private final Topic<RunLogLines> runLogs;
  private final Topic<ScheduleTick> schedulerTicks;
  private final Topic<ScheduleSuspension> schedulerSuspensions;

  private Topics(String prefix) {
    runRequested = new Topic<>(prefix + "run.requested", "workspace/schedule",
        RunRequested.class, List.of(RunRequested.class), DEFAULT_PARTITIONS,
        deleteAfter(Duration.ofDays(7)), false);
    runEvents = new Topic<>(prefix + "run.events", "run id",
        SpecificRecord.class, List.of(RunStarted.class, RunHeartbeat.class), DEFAULT_PARTITIONS,
        deleteAfter(Duration.ofDays(7)), false);
    runCompleted = new Topic<>(prefix + "run.completed", "workspace/schedule",
        RunCompleted.class, List.of(RunCompleted.class), DEFAULT_PARTITIONS,
        deleteAfter(Duration.ofDays(30)), false);
    manifests = new Topic<>(prefix + "manifests", "workspace/schedule/run id",
        ManifestPointer.class, List.of(ManifestPointer.class), DEFAULT_PARTITIONS,
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), true);
    runControl = new Topic<>(prefix + "run.control", "run id",
        RunCancelRequested.class, List.of(RunCancelRequested.class), DEFAULT_PARTITIONS,
        deleteAfter(Duration.ofDays(7)), false);
    runLogs = new Topic<>(prefix + "run.logs", "run id",
        RunLogLines.class, List.of(RunLogLines.class), DEFAULT_PARTITIONS,
        deleteAfter(Duration.ofDays(1)), false);
    schedulerTicks = new Topic<>(prefix + "scheduler.ticks", "workspace/schedule",
        ScheduleTick.class, List.of(ScheduleTick.class), DEFAULT_PARTITIONS,
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), true);
    schedulerSuspensions = new Topic<>(prefix + "scheduler.suspensions", "workspace/schedule",
        ScheduleSuspension.class, List.of(ScheduleSuspension.class), DEFAULT_PARTITIONS,
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), true);
  }

  /** Topics named under {@code prefix}, which must be empty or end in a dot, dash or underscore. */
  public static Topics withPrefix(String prefix) {
    if (!prefix.isEmpty() && !prefix.matches("[A-Za-z0-9._-]*[._-]")) {
      throw new IllegalArgumentException(
          "topic prefix '" + prefix + "' must be letters, digits, '.', '_' or '-' and end in one of '.', '_', '-'");
    }
    return new Topics(prefix);
  }

  public static Topics defaults() {
    return withPrefix(DEFAULT_PREFIX);
  }

  /** {@link RunRequested}: what the scheduler asks the runners to do. */
  public Topic<RunRequested> runRequested() {
    return runRequested;
  }

  /** {@link RunStarted} and {@link RunHeartbeat}: a run's life on its worker. */
  public Topic<SpecificRecord> runEvents() {
    return runEvents;
  }

  /** {@link RunCompleted}: how each run ended and where its artifacts are. */
  public Topic<RunCompleted> runCompleted() {
    return runCompleted;
  }

  /** {@link ManifestPointer}: the defer target of each schedule, compacted. */
  public Topic<ManifestPointer> manifests() {
    return manifests;
  }

  /** {@link RunCancelRequested}: requests to stop a run, read by every runner. */
  public Topic<RunCancelRequested> runControl() {
    return runControl;
  }

  /** {@link RunLogLines}: the console log of live runs, for {@code ferry runs logs --follow}. */
  public Topic<RunLogLines> runLogs() {
    return runLogs;
  }

  /**
   * {@link ScheduleTick}: the last decided tick of each schedule, compacted; its partitions decide
   * which scheduler replica owns which schedules.
   */
  public Topic<ScheduleTick> schedulerTicks() {
    return schedulerTicks;
  }

  /** {@link ScheduleSuspension}: suspended schedules, compacted; a tombstone resumes one. Read by every scheduler replica. */
  public Topic<ScheduleSuspension> schedulerSuspensions() {
    return schedulerSuspensions;
  }

  public List<Topic<?>> all() {
    return List.of(runRequested, runEvents, runCompleted, manifests, runControl, runLogs, schedulerTicks,
        schedulerSuspensions);
  }

  private static Map<String, String> deleteAfter(Duration retention) {
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
  }
}
