package dev.ferry.scheduler.firing;

import dev.ferry.events.RunCancelRequested;
import dev.ferry.events.ScheduleKey;
import dev.ferry.events.ScheduleTick;
import dev.ferry.events.Topic;
import dev.ferry.events.Topics;
import dev.ferry.events.Trigger;
import dev.ferry.scheduler.schedule.ScheduleCatalog;
import dev.ferry.scheduler.schedule.ScheduleSource;
import dev.ferry.scheduler.suspend.SuspensionCheck;
import dev.ferry.scheduler.trigger.RunRequest;
import dev.ferry.scheduler.trigger.ScheduleMetrics;
import dev.ferry.scheduler.trigger.TickRecord;
import dev.ferry.scheduler.wire.EventMapper;
import dev.ferry.schedules.ConcurrencyPolicy;
import dev.ferry.schedules.Schedule;
import dev.ferry.support.kafka.EventListenerContainers;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Fires the cron schedules this replica owns, each tick exactly once across any number of replicas.
 *
 * <p>All replicas of a workspace form one consumer group on the compacted ticks topic. A replica
 * owns the schedules whose key lands on its assigned partitions. When it is assigned a partition it
 * takes the partition's transactional producer over ({@link TickEmitter}, which fences the previous
 * owner), reads the partition's tick records to the end with {@code read_committed}, and resumes
 * each schedule from its last decided tick, applying the schedule's catch-up policy
 * ({@link CatchUp}). When a partition is revoked or lost, its schedules stop firing at once. Each
 * due tick is written with its RunRequested in one transaction per partition, so a replica that
 * lost a partition without noticing cannot commit a tick.
 *
 * <p>The loop is a row of steps: poll the ticks topic (rebalance callbacks run here), apply a
 * reload of the schedules, prepare newly owned partitions, fire what is due, write what the run
 * lifecycle decided for the owned partitions ({@link PartitionLifecycle}: lost runs, retries,
 * on-completion runs, with the same producers), and wait until the next tick. Owns one thread, which alone touches the consumer, the producers and the plan.
 */
public final class TickFiring implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(TickFiring.class);
  /** Longest real wait between two polls, so that reloads apply and the group sees this replica alive. */
  private static final Duration MAX_WAIT = Duration.ofMillis(500);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
  /** A fenced replica waits this long for the rebalance that takes the partition away before it tries again. */
  private static final Duration FENCED_PAUSE = Duration.ofSeconds(10);
  /** How far back a new schedule's last tick before its start is looked for; cron ticks are at most four years apart. */
  private static final Duration START_LOOKBACK = Duration.ofDays(5 * 366);

  /**
   * Who this replica is and how it fires.
   *
   * @param workspace the workspace whose schedules it fires
   * @param replica this replica's name in tick records and log lines
   * @param groupId consumer group of the workspace's replicas; also the prefix of the transactional ids
   * @param misfireThreshold how late a tick may be and still count as on time rather than missed
   */
  public record Settings(String workspace, String replica, String groupId, Duration misfireThreshold) {}

  /**
   * What firing works with besides Kafka and the clock, each optional.
   *
   * @param lifecycle decides the fate of the owned schedules' runs: lost, retried, on-completion, notified
   * @param suspensions which schedules are suspended, so that their ticks are skipped
   * @param observations traces each run requested from its tick on
   */
  public record Collaborators(PartitionLifecycle lifecycle, SuspensionCheck suspensions,
      ObservationRegistry observations) {
    public static final Collaborators NONE =
        new Collaborators(PartitionLifecycle.NONE, SuspensionCheck.NONE, ObservationRegistry.NOOP);
  }

  /** A partition of the ticks topic assigned to this replica. Firing thread only. */
  private static final class Owned {
    final int partition;
    /** Last decided tick of each schedule key on the partition, from the topic and from this replica's writes. */
    final Map<String, TickRecord> last = new HashMap<>();
    TickEmitter emitter;
    long loadUntil;
    boolean ready;
    long retryAtNanos = System.nanoTime();

    Owned(int partition) {
      this.partition = partition;
    }
  }

  /**
   * An owned schedule: every tick up to {@code after} is decided; {@code next} is its first tick after
   * that, or null. {@code start}, when set, is a tick before the schedule came into force (new, changed,
   * or first owned without a record) still to be recorded, so that a later owner resumes from there.
   */
  private record Planned(Schedule schedule, int partition, Instant after, Instant next, Instant start) {
    boolean isDue(Instant now) {
      return start != null || (next != null && !next.isAfter(now));
    }
  }

  private final Settings settings;
  private final Topics topics;
  private final Map<String, Object> consumerConfig;
  private final Map<String, Object> producerConfig;
  private final ScheduleSource schedules;
  private final RunState runs;
  private final FiringClock time;
  private final ScheduleMetrics metrics;
  private final PartitionLifecycle lifecycle;
  private final ObservationRegistry observations;
  private final SuspensionCheck suspensions;

  private final Map<Integer, Owned> owned = new TreeMap<>();
  private final Map<String, Planned> plan = new HashMap<>();
  private ScheduleCatalog catalog;
  private int partitionCount;
  private boolean partitionCountStale = true;

  private volatile ScheduleCatalog latestCatalog;
  private volatile Set<Integer> readyPartitions = Set.of();
  private volatile int ownedSchedules;
  private volatile int cronSchedules;
  private volatile boolean running;
  private boolean listening;
  private Thread thread;

  public TickFiring(Settings settings, Topics topics, Map<String, Object> consumerConfig,
      Map<String, Object> producerConfig, ScheduleSource schedules, RunState runs, FiringClock time,
      ScheduleMetrics metrics) {
    this(settings, topics, consumerConfig, producerConfig, schedules, runs, time, metrics, Collaborators.NONE);
  }

  /**
   * Also decides, as owner of its partitions, what happens to their schedules' runs
   * ({@link PartitionLifecycle}), skips the ticks of suspended schedules, and traces each run
   * requested from its tick on (one trace per run).
   */
  public TickFiring(Settings settings, Topics topics, Map<String, Object> consumerConfig,
      Map<String, Object> producerConfig, ScheduleSource schedules, RunState runs, FiringClock time,
      ScheduleMetrics metrics, Collaborators collaborators) {
    this.lifecycle = collaborators.lifecycle();
    this.suspensions = collaborators.suspensions();
    this.settings = settings;
    this.topics = topics;
    this.consumerConfig = Map.copyOf(consumerConfig);
    this.producerConfig = Map.copyOf(producerConfig);
    this.schedules = schedules;
    this.runs = runs;
    this.time = time;
    this.metrics = metrics;
    this.observations = collaborators.observations();
    metrics.owned(() -> ownedSchedules);
    metrics.cron(() -> cronSchedules);
  }

  /** The next tick of a schedule after now, whoever owns it; for the API. */
  public Optional<Instant> nextTick(Schedule schedule) {
    return schedule.isManual() ? Optional.empty() : schedule.cron().nextAfter(time.now(), schedule.timezone());
  }

  /** Partitions of the ticks topic this replica has read and fires from. */
  public Set<Integer> ownedPartitions() {
    return readyPartitions;
  }

  /** Cron schedules this replica fires. */
  public int ownedSchedules() {
    return ownedSchedules;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    latestCatalog = schedules.current();
    if (!listening) {
      schedules.onChange(changed -> latestCatalog = changed);
      listening = true;
    }
    thread = Thread.ofPlatform().name("tick-firing-" + settings.replica()).daemon().start(this::run);
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (thread != null) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, EventListenerContainers.READ_COMMITTED);
    config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId() + "-" + settings.replica());
    try (KafkaConsumer<String, ScheduleTick> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        topics.schedulerTicks().valueDeserializer())) {
      consumer.subscribe(List.of(topics.schedulerTicks().name()), new Ownership(consumer));
      Duration wait = Duration.ZERO;
      while (running) {
        try {
          wait = step(consumer, wait);
        } catch (WakeupException e) {
          // only stop() ends the loop
        } catch (RuntimeException e) {
          log.error("A firing step of replica {} failed ({}); the next step tries again", settings.replica(),
              e.toString(), e);
          wait = MAX_WAIT;
        }
      }
    } finally {
      owned.values().forEach(TickFiring::closeEmitter);
      owned.clear();
      plan.clear();
      publishOwnership();
      log.info("Replica {} stopped firing", settings.replica());
    }
  }

  private Duration step(KafkaConsumer<String, ScheduleTick> consumer, Duration wait) {
    poll(consumer, wait);
    Instant now = time.now();
    applyCatalog(now);
    prepare(consumer, now);
    if (runs.isCurrent()) {
      fireDue(consumer, now);
      advanceRuns(consumer, now);
    }
    publishOwnership();
    return nextWait(now);
  }

  /** Reads tick records of the owned partitions; rebalance callbacks ({@link Ownership}) run in here. */
  private void poll(KafkaConsumer<String, ScheduleTick> consumer, Duration wait) {
    try {
      for (ConsumerRecord<String, ScheduleTick> record : consumer.poll(wait)) {
        Owned partition = owned.get(record.partition());
        if (partition == null || record.key() == null) {
          continue;
        }
        if (record.value() == null) {
          partition.last.remove(record.key());
        } else {
          partition.last.put(record.key(), EventMapper.tick(record.value()));
        }
      }
    } catch (RecordDeserializationException e) {
      log.warn("Skipping unreadable tick record {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
      consumer.seek(e.topicPartition(), e.offset() + 1);
    }
  }

  /** Brings the plan in line with a reloaded set: new schedules from their next tick, removed ones gone, changed ones re-planned. */
  private void applyCatalog(Instant now) {
    ScheduleCatalog latest = latestCatalog;
    if (latest == catalog) {
      return;
    }
    catalog = latest;
    Map<String, Schedule> wanted = cronSchedules();
    cronSchedules = wanted.size();
    plan.keySet().removeIf(key -> !wanted.containsKey(key));
    wanted.forEach((key, schedule) -> {
      Owned partition = partitionCount == 0 ? null : owned.get(Topic.partitionOf(key, partitionCount));
      if (partition == null || !partition.ready) {
        return;
      }
      Planned known = plan.get(key);
      if (known == null) {
        plan.put(key, starting(schedule, partition.partition, now));
      } else if (!known.schedule().equals(schedule)) {
        plan.put(key, starting(schedule, partition.partition, known.after().isAfter(now) ? known.after() : now));
      }
    });
  }

  /**
   * Takes newly assigned partitions over: fences their previous owner, then reads them to the end
   * (the last stable offset, read after the fence, so that nothing the old owner committed is
   * missed) and plans their schedules.
   */
  private void prepare(KafkaConsumer<String, ScheduleTick> consumer, Instant now) {
    if (!owned.isEmpty() && partitionCountStale) {
      partitionCount = consumer.partitionsFor(topics.schedulerTicks().name()).size();
      partitionCountStale = false;
    }
    for (Owned partition : owned.values()) {
      TopicPartition topicPartition = new TopicPartition(topics.schedulerTicks().name(), partition.partition);
      if (partition.emitter == null) {
        if (System.nanoTime() - partition.retryAtNanos < 0) {
          continue;
        }
        TickEmitter emitter = new TickEmitter(producerConfig, settings.groupId() + "-" + partition.partition, topics,
            partition.partition, observations);
        try {
          emitter.init();
          partition.ready = false;
          partition.last.clear();
          consumer.seekToBeginning(List.of(topicPartition));
          partition.loadUntil = consumer.endOffsets(List.of(topicPartition)).get(topicPartition);
        } catch (RuntimeException e) {
          emitter.close();
          partition.retryAtNanos = System.nanoTime() + RETRY_PAUSE.toNanos();
          log.warn("Replica {} could not take partition {} over yet: {}", settings.replica(), partition.partition,
              e.toString());
          continue;
        }
        partition.emitter = emitter;
      }
      if (!partition.ready && consumer.position(topicPartition) >= partition.loadUntil) {
        partition.ready = true;
        lifecycle.tookOver(partition.partition, now);
        int before = plan.size();
        cronSchedules().forEach((key, schedule) -> {
          if (Topic.partitionOf(key, partitionCount) == partition.partition) {
            TickRecord last = partition.last.get(key);
            plan.put(key, last == null ? starting(schedule, partition.partition, now)
                : planned(schedule, partition.partition, last.tick()));
          }
        });
        log.info("Replica {} owns partition {} of {}: {} schedules", settings.replica(), partition.partition,
            topicPartition.topic(), plan.size() - before);
      }
    }
  }

  /** Fires every due tick, one transaction per partition. */
  private void fireDue(KafkaConsumer<String, ScheduleTick> consumer, Instant now) {
    Map<Integer, List<Planned>> due = new TreeMap<>();
    for (Planned planned : plan.values()) {
      if (planned.isDue(now)) {
        due.computeIfAbsent(planned.partition(), p -> new ArrayList<>()).add(planned);
      }
    }
    due.forEach((partition, ticks) -> {
      Owned owner = owned.get(partition);
      if (owner != null && owner.ready && owner.emitter != null) {
        fire(consumer, owner, ticks, now);
      }
    });
  }

  private void fire(KafkaConsumer<String, ScheduleTick> consumer, Owned partition, List<Planned> due, Instant now) {
    List<TickEmitter.Decision> decisions = new ArrayList<>();
    Map<String, Planned> decided = new LinkedHashMap<>();
    long missedSkips = 0;
    for (Planned planned : due) {
      Schedule schedule = planned.schedule();
      if (planned.start() != null) {
        decisions.add(new TickEmitter.Decision(TickRecord.skipped(schedule.workspace(), schedule.name(),
            planned.start(), TickRecord.SkipReason.NEW_SCHEDULE, now, settings.replica()), null));
      }
      CatchUp.Decision decision = CatchUp.decide(schedule, planned.after(), now, settings.misfireThreshold());
      missedSkips += decision.skipped();
      if (decision.newestSkipped() != null) {
        decisions.add(new TickEmitter.Decision(TickRecord.skipped(schedule.workspace(), schedule.name(),
            decision.newestSkipped(), TickRecord.SkipReason.CATCH_UP, now, settings.replica()), null));
      }
      decisions.addAll(decide(schedule, decision.fire(), now));
      decided.put(key(schedule), planned(schedule, planned.partition(), now));
    }
    if (decisions.isEmpty()) {
      plan.putAll(decided);
      return;
    }
    try {
      partition.emitter.emit(decisions);
    } catch (TickEmitter.FencedException e) {
      fenced(consumer, partition, decisions.size() + " ticks");
      return;
    } catch (RuntimeException e) {
      log.warn("Replica {} could not write {} ticks of partition {} ({}); it reads the partition again and retries",
          settings.replica(), decisions.size(), partition.partition, e.toString());
      drop(partition, RETRY_PAUSE);
      return;
    }
    recordEmitted(partition, decisions, missedSkips);
    plan.putAll(decided);
  }

  /** Writes what the run lifecycle decided for each owned partition, one transaction per partition. */
  private void advanceRuns(KafkaConsumer<String, ScheduleTick> consumer, Instant now) {
    for (Owned partition : List.copyOf(owned.values())) {
      if (!partition.ready || partition.emitter == null) {
        continue;
      }
      PartitionLifecycle.Batch batch = lifecycle.due(partition.partition, partitionCount, now);
      if (batch.isEmpty()) {
        continue;
      }
      try {
        partition.emitter.emitRecords(batch.records());
      } catch (TickEmitter.FencedException e) {
        fenced(consumer, partition, batch.records().size() + " run events");
        continue;
      } catch (RuntimeException e) {
        log.warn("Replica {} could not write {} run events of partition {} ({}); the next step decides again",
            settings.replica(), batch.records().size(), partition.partition, e.toString());
        continue;
      }
      batch.committed().run();
    }
  }

  /**
   * Fires each tick; under {@code forbid} skips it while a run of the schedule is in progress;
   * under {@code replace} asks the runners, in the same transaction, to cancel the runs in progress.
   */
  private List<TickEmitter.Decision> decide(Schedule schedule, List<Instant> ticks, Instant now) {
    if (!ticks.isEmpty() && suspensions.isSuspended(schedule.workspace(), schedule.name(), now)) {
      return ticks.stream().map(tick -> new TickEmitter.Decision(TickRecord.skipped(schedule.workspace(),
          schedule.name(), tick, TickRecord.SkipReason.SUSPENDED, now, settings.replica()), null)).toList();
    }
    List<TickEmitter.Decision> decisions = new ArrayList<>();
    boolean forbid = schedule.concurrency() == ConcurrencyPolicy.FORBID;
    boolean busy = forbid && !ticks.isEmpty() && runs.hasRunInProgress(schedule.workspace(), schedule.name());
    List<String> toReplace = schedule.concurrency() == ConcurrencyPolicy.REPLACE && !ticks.isEmpty()
        ? runs.runsInProgress(schedule.workspace(), schedule.name()) : List.of();
    for (Instant tick : ticks) {
      if (busy) {
        decisions.add(new TickEmitter.Decision(TickRecord.skipped(schedule.workspace(), schedule.name(), tick,
            TickRecord.SkipReason.CONCURRENCY, now, settings.replica()), null));
        continue;
      }
      RunRequest request = RunRequest.forTick(schedule, tick, now);
      List<RunCancelRequested> cancels = toReplace.stream().map(runId -> RunCancelRequested.newBuilder()
          .setRunId(runId).setWorkspace(schedule.workspace()).setSchedule(schedule.name()).setRequestedAt(now)
          .setRequestedBy("scheduler (concurrency: replace, tick " + tick + ")").build()).toList();
      toReplace = List.of();
      decisions.add(new TickEmitter.Decision(TickRecord.fired(schedule.workspace(), schedule.name(), tick,
          request.runId(), now, settings.replica()), EventMapper.toEvent(request), cancels));
      busy = forbid;
    }
    return decisions;
  }

  private void recordEmitted(Owned partition, List<TickEmitter.Decision> decisions, long missedSkips) {
    Instant emitted = time.now();
    int fired = 0;
    int busySkips = 0;
    int suspendedSkips = 0;
    for (TickEmitter.Decision decision : decisions) {
      TickRecord tick = decision.tick();
      partition.last.put(new ScheduleKey(tick.workspace(), tick.schedule()).toString(), tick);
      if (tick.isFired()) {
        fired++;
        decision.cancels().forEach(cancel -> log.info("Tick {} of {} replaces run {} (concurrency: replace)",
            tick.tick(), tick.schedule(), cancel.getRunId()));
        runs.requested(EventMapper.requested(decision.request()));
        metrics.fired(tick.schedule(), Trigger.SCHEDULER);
        metrics.fireDelay(Duration.between(tick.tick(), emitted));
        log.debug("Fired tick {} of {} as run {}", tick.tick(), tick.schedule(), tick.runId());
      } else if (tick.skipped() == TickRecord.SkipReason.SUSPENDED) {
        suspendedSkips++;
        log.info("Skipped tick {} of {}: the schedule is suspended", tick.tick(), tick.schedule());
      } else if (tick.skipped() == TickRecord.SkipReason.CONCURRENCY) {
        busySkips++;
        log.info("Skipped tick {} of {}: an earlier run is still in progress (concurrency: forbid)", tick.tick(),
            tick.schedule());
      }
    }
    metrics.skipped(TickRecord.SkipReason.CONCURRENCY, busySkips);
    metrics.skipped(TickRecord.SkipReason.SUSPENDED, suspendedSkips);
    metrics.skipped(TickRecord.SkipReason.CATCH_UP, missedSkips);
    if (fired + busySkips + missedSkips > 0) {
      log.info("Replica {} fired {} ticks on partition {} ({} skipped while a run was in progress, {} missed and not caught up)",
          settings.replica(), fired, partition.partition, busySkips, missedSkips);
    }
  }

  private void fenced(KafkaConsumer<String, ScheduleTick> consumer, Owned partition, String unwritten) {
    metrics.fenced();
    log.warn("Replica {} was fenced on partition {}: another replica owns it now; {} not written here",
        settings.replica(), partition.partition, unwritten);
    drop(partition, FENCED_PAUSE);
    consumer.enforceRebalance();
  }

  /** Stops firing a partition's schedules and closes its producer; it is taken over again after {@code pause} if still assigned. */
  private void drop(Owned partition, Duration pause) {
    closeEmitter(partition);
    partition.ready = false;
    partition.retryAtNanos = System.nanoTime() + pause.toNanos();
    plan.values().removeIf(planned -> planned.partition() == partition.partition);
  }

  private Duration nextWait(Instant now) {
    Duration wait = MAX_WAIT;
    for (Planned planned : plan.values()) {
      if (planned.next() != null) {
        Duration until = time.realTimeUntil(planned.next(), now);
        if (until.compareTo(wait) < 0) {
          wait = until;
        }
      }
    }
    return wait;
  }

  private void publishOwnership() {
    Set<Integer> ready = new TreeSet<>();
    owned.values().stream().filter(o -> o.ready).forEach(o -> ready.add(o.partition));
    readyPartitions = Set.copyOf(ready);
    ownedSchedules = plan.size();
    Map<ScheduleKey, Instant> nextTicks = new HashMap<>();
    plan.values().stream().filter(planned -> planned.next() != null).forEach(planned -> nextTicks.put(
        new ScheduleKey(planned.schedule().workspace(), planned.schedule().name()), planned.next()));
    metrics.nextTicks(nextTicks, time::now);
  }

  private Map<String, Schedule> cronSchedules() {
    Map<String, Schedule> byKey = new LinkedHashMap<>();
    if (catalog != null) {
      catalog.inWorkspace(settings.workspace()).stream().filter(s -> !s.isManual())
          .forEach(s -> byKey.put(key(s), s));
    }
    return byKey;
  }

  private static Planned planned(Schedule schedule, int partition, Instant after) {
    return new Planned(schedule, partition, after, schedule.cron().nextAfter(after, schedule.timezone()).orElse(null),
        null);
  }

  /**
   * A schedule that starts at its next tick after {@code after}: its newest tick up to then is
   * recorded as skipped ({@code new_schedule}), so that an owner that takes it over before its first
   * tick fired resumes from there instead of from its own start, and a tick in the handover is not lost.
   */
  private static Planned starting(Schedule schedule, int partition, Instant after) {
    List<Instant> before = CatchUp.newest(schedule, after.minus(START_LOOKBACK), after, 1);
    return new Planned(schedule, partition, after, schedule.cron().nextAfter(after, schedule.timezone()).orElse(null),
        before.isEmpty() ? null : before.getFirst());
  }

  private static String key(Schedule schedule) {
    return new ScheduleKey(schedule.workspace(), schedule.name()).toString();
  }

  private static void closeEmitter(Owned partition) {
    if (partition.emitter != null) {
      partition.emitter.close();
      partition.emitter = null;
    }
  }

  /** Follows the group's assignment: a partition assigned is taken over in the next step; one revoked or lost stops at once. */
  private final class Ownership implements ConsumerRebalanceListener {
    private final KafkaConsumer<String, ScheduleTick> consumer;

    Ownership(KafkaConsumer<String, ScheduleTick> consumer) {
      this.consumer = consumer;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      partitions.forEach(p -> owned.put(p.partition(), new Owned(p.partition())));
      partitionCountStale = true; // read again before the new partitions are prepared
      if (!partitions.isEmpty()) {
        log.info("Replica {} was assigned partitions {}", settings.replica(), numbers(partitions));
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      release(partitions, "revoked");
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      release(partitions, "lost");
    }

    private void release(Collection<TopicPartition> partitions, String how) {
      for (TopicPartition p : partitions) {
        Owned partition = owned.remove(p.partition());
        if (partition != null) {
          closeEmitter(partition);
          plan.values().removeIf(planned -> planned.partition() == p.partition());
        }
      }
      publishOwnership();
      if (!partitions.isEmpty()) {
        log.info("Replica {} {} partitions {} and stopped firing their schedules", settings.replica(), how,
            numbers(partitions));
      }
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
      return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }
  }
}
