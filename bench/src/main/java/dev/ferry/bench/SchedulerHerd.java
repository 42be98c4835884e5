package dev.ferry.bench;

import dev.ferry.bench.report.Comparison;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.Series;
import dev.ferry.embedded.InProcessKafka;
import dev.ferry.events.RunRequested;
import dev.ferry.events.Topic;
import dev.ferry.events.Topics;
import dev.ferry.events.serde.EventSerializer;
import dev.ferry.scheduler.firing.FiringClock;
import dev.ferry.scheduler.firing.RunState;
import dev.ferry.scheduler.firing.TickFiring;
import dev.ferry.events.RunStatus;
import dev.ferry.events.ScheduleKey;
import dev.ferry.events.Trigger;
import dev.ferry.scheduler.runs.RunFacts;
import dev.ferry.scheduler.lifecycle.LifecyclePlanner;
import dev.ferry.scheduler.runs.RunHistory;
import dev.ferry.scheduler.runs.RunView;
import dev.ferry.scheduler.schedule.ScheduleCatalog;
import dev.ferry.scheduler.schedule.ScheduleSource;
import dev.ferry.scheduler.trigger.RunRequest;
import dev.ferry.scheduler.trigger.ScheduleMetrics;
import dev.ferry.scheduler.trigger.TickRecord;
import dev.ferry.scheduler.wire.EventMapper;
import dev.ferry.schedules.ConcurrencyPolicy;
import dev.ferry.schedules.CronSchedule;
import dev.ferry.schedules.Schedule;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * The thundering herd: N schedules on {@code 0 * * * *} all due at one tick, fired by one
 * scheduler replica (the real {@link TickFiring}, transactions and all) against an in-process
 * broker. Each round fires a fresh herd on topics of its own and measures the tick to the commit of
 * the last RunRequested, and the fire delay at p50 and p99; the baseline of the same round is Kafka's
 * own producer benchmark ({@code kafka-producer-perf-test}) writing as many records of the same mean
 * size to the same broker, idempotent and {@code acks=all}, once plain and once transactional. A
 * first herd warms the JIT, as a live scheduler is warm.
 */
public final class SchedulerHerd implements Benchmark {

  private static final Instant TICK = Instant.parse("2026-06-01T11:00:00Z");
  private static final Duration LEAD = Duration.ofSeconds(3);
  private static final int HISTORY_HOURS = 24;
  private static final int SCHEDULES = Integer.getInteger("ferry.bench.herd.schedules", 10_000);
  private static final Pattern PERF_TOTAL = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec");

  @Override
  public String id() {
    return "herd";
  }

  @Override
  public int defaultRounds() {
    return 5;
  }

  @Override
  public Section run(BenchContext context) throws Exception {
    try (InProcessKafka kafka = InProcessKafka.startTemporary()) {
      List<Schedule> schedules = IntStream.range(0, SCHEDULES).mapToObj(i -> schedule("herd-" + i)).toList();
      int recordSize = meanRecordSize(schedules.getFirst());
      int records = 2 * SCHEDULES; // a RunRequested and a ScheduleTick per schedule
      // every round's topics up front, so that none is produced to while its partitions still get their leader
      List<String> prefixes = new ArrayList<>(List.of("warmup."));
      IntStream.range(0, context.rounds()).forEach(round -> prefixes.add("r" + round + "."));
      createTopics(kafka, prefixes);
      herd(kafka, "warmup.", schedules);
      List<Double> lastCommit = new ArrayList<>();
      List<Double> p50 = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      List<Double> perfPlain = new ArrayList<>();
      List<Double> perfTransactional = new ArrayList<>();
      List<Double> planning = new ArrayList<>();
      List<RunView> day = dayOfHistory(schedules).inWorkspace("default");
      for (int round = 0; round < context.rounds(); round++) {
        String prefix = "r" + round + ".";
        Runnable baseline = () -> {
          perfPlain.add(producerPerformance(kafka, prefix + "perf", records, recordSize, List.of()));
          perfTransactional.add(producerPerformance(kafka, prefix + "perf-tx", records, recordSize,
              List.of("--transactional-id", prefix + "perf", "--transaction-duration-ms", "1000")));
        };
        if (round % 2 == 0) {
          baseline.run();
        }
        Timer delay = herd(kafka, prefix, schedules);
        lastCommit.add(delay.max(TimeUnit.MILLISECONDS));
        for (ValueAtPercentile p : delay.takeSnapshot().percentileValues()) {
          (p.percentile() < 0.9 ? p50 : p99).add(p.value(TimeUnit.MILLISECONDS));
        }
        if (round % 2 == 1) {
          baseline.run();
        }
        planning.add(planningPass(schedules, day));
        System.out.printf("round %d: last commit %.0f ms after the tick; perf-test %.0f ms, transactional %.0f ms%n",
            round + 1, lastCommit.getLast(), perfPlain.getLast(), perfTransactional.getLast());
      }
      Series herd = Series.of("tick → last RunRequested committed", "ms", lastCommit);
      return new Section(id())
          .compare(Comparison.of(String.format(Locale.ROOT, "%,d schedules on one tick → all RunRequested committed",
              SCHEDULES), herd, Series.of("perf-test, same records", "ms", perfPlain)))
          .compare(Comparison.of("the same", herd, Series.of("perf-test, transactional", "ms", perfTransactional)))
          .figure(Series.of("fire delay p50 (commit − tick)", "ms", p50))
          .figure(Series.of("fire delay p99", "ms", p99))
          .figure(Series.of(String.format(Locale.ROOT, "lifecycle planning: one look at the day's %,d runs for all 6 "
              + "partitions (done once a second)", day.size()), "ms", planning))
          .fact("every schedule has `concurrency: forbid` and a day of history (%d ended hourly runs each, %,d "
              + "runs in all), so each tick looks for a run in progress as a live scheduler's does", HISTORY_HOURS,
              HISTORY_HOURS * SCHEDULES)
          .fact("%,d RunRequested + %,d ScheduleTick records of %d bytes on average, one replica owning all 6 "
              + "partitions of the ticks topic, one transaction per partition", SCHEDULES, SCHEDULES, recordSize)
          .fact("perf-test: `kafka-producer-perf-test --num-records %d --record-size %d --throughput -1 acks=all "
              + "enable.idempotence=true` (transactional: `--transaction-duration-ms 1000`), its own elapsed time "
              + "(records ÷ its records/sec)", records, recordSize);
    }
  }

  /**
   * Runs Kafka's producer benchmark and returns its own elapsed time in milliseconds (records sent
   * divided by its rate), read from the totals line it prints.
   */
  private static double producerPerformance(InProcessKafka kafka, String topic, int records, int size,
      List<String> extra) {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      ProducerPerformance.main(perfArgs(kafka, topic, records, size, extra));
    } catch (Exception e) {
      throw new IllegalStateException("kafka-producer-perf-test failed", e);
    } finally {
      System.setOut(out);
    }
    Matcher total = PERF_TOTAL.matcher(captured.toString(StandardCharsets.UTF_8));
    String last = null;
    double rate = 0;
    while (total.find()) {
      last = total.group(1);
      rate = Double.parseDouble(total.group(2));
    }
    if (last == null || Long.parseLong(last) != records) {
      throw new IllegalStateException("kafka-producer-perf-test did not report " + records + " records: " + captured);
    }
    return records / rate * 1000;
  }

  /** Starts a replica on topics under {@code prefix}, lets the tick come, and returns its fire-delay timer once all fired. */
  private static Timer herd(InProcessKafka kafka, String prefix, List<Schedule> schedules) throws Exception {
    Topics topics = Topics.withPrefix(prefix);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    meters.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        return DistributionStatisticConfig.builder().percentiles(0.5, 0.99).percentilePrecision(3).build()
            .merge(config);
      }
    });
    HeldClock clock = new HeldClock(TICK.minus(LEAD));
    TickFiring firing = new TickFiring(
        new TickFiring.Settings("default", "bench", prefix + "scheduler.default", Duration.ofMinutes(1)),
        topics, Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new Fixed(schedules), RunState.of(dayOfHistory(schedules), List.of()), FiringClock.of(clock),
        new ScheduleMetrics(meters));
    firing.start();
    awaitTrue(() -> firing.ownedSchedules() == schedules.size(), Duration.ofMinutes(2),
        "the replica to own every schedule");
    clock.release();
    Timer delay = meters.get("ferry.schedule.fire.delay").timer();
    awaitTrue(() -> delay.count() >= schedules.size(), Duration.ofMinutes(5), "every tick to fire");
    firing.stop();
    return delay;
  }

  /**
   * The lifecycle's work between ticks: once a second it walks the last day's runs for each owned
   * partition, looking for lost runs, retries, on-completion triggers and notifications. Returns the
   * time of one such second's looks for all 6 partitions, in milliseconds.
   */
  private static double planningPass(List<Schedule> schedules, List<RunView> day) {
    Map<String, Schedule> byName = new LinkedHashMap<>();
    schedules.forEach(s -> byName.put(s.name(), s));
    Map<String, Integer> partitions = new HashMap<>();
    long started = System.nanoTime();
    Map<String, List<RunView>> snapshot = LifecyclePlanner.bySchedule(day);
    int actions = 0;
    for (int partition = 0; partition < 6; partition++) {
      int owned = partition;
      actions += LifecyclePlanner.plan(snapshot, new LifecyclePlanner.Inputs(
          name -> partitions.computeIfAbsent(name, n -> Topic.partitionOf(new ScheduleKey("default", n).toString(), 6))
              == owned,
          byName, TICK, Duration.ofMinutes(2), TICK.minus(Duration.ofDays(1)), TICK.minus(Duration.ofMinutes(1)),
          id -> false, key -> false)).size();
    }
    double millis = (System.nanoTime() - started) / 1e6;
    if (actions != 0) {
      throw new IllegalStateException("a day of succeeded runs should need no lifecycle action, got " + actions);
    }
    return millis;
  }

  /**
   * What a scheduler of these schedules holds after a day: each schedule's 24 hourly runs before the
   * tick, all ended; so that {@code forbid} has a real history to look through.
   */
  private static RunHistory dayOfHistory(List<Schedule> schedules) {
    RunHistory history = new RunHistory();
    for (Schedule schedule : schedules) {
      for (int hour = HISTORY_HOURS; hour >= 1; hour--) {
        Instant tick = TICK.minus(Duration.ofHours(hour));
        String runId = schedule.name() + "@" + tick;
        history.apply(new RunFacts.Requested(runId, schedule.workspace(), schedule.name(), Trigger.SCHEDULER, 1, "bench",
            tick, tick));
        history.apply(new RunFacts.Completed(runId, schedule.workspace(), schedule.name(), Trigger.SCHEDULER, 1,
            RunStatus.SUCCEEDED, tick.plusSeconds(5), tick.plusSeconds(300), "0123abc", "1.11.1", "ok", "runner-0",
            List.of(), List.of()));
      }
    }
    return history;
  }

  private static String[] perfArgs(InProcessKafka kafka, String topic, int records, int size, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records", Integer.toString(records),
        "--record-size", Integer.toString(size), "--throughput", "-1", "--command-property",
        "bootstrap.servers=" + kafka.bootstrapServers(), "acks=all", "enable.idempotence=true"));
    args.addAll(extra);
    return args.toArray(String[]::new);
  }

  /** The mean size of what one fired tick writes: its RunRequested and its ScheduleTick, single-object encoded. */
  private static int meanRecordSize(Schedule schedule) {
    RunRequest request = RunRequest.forTick(schedule, TICK, TICK);
    RunRequested event = EventMapper.toEvent(request);
    EventSerializer<org.apache.avro.specific.SpecificRecord> serializer = new EventSerializer<>();
    int requested = serializer.serialize("t", event).length;
    int tick = serializer.serialize("t", EventMapper.toEvent(TickRecord.fired("default", schedule.name(), TICK,
        request.runId(), TICK, "bench"))).length;
    return (requested + tick) / 2;
  }

  private static Schedule schedule(String name) {
    return new Schedule("default", name, "", null, CronSchedule.parse("0 * * * *"), ZoneOffset.UTC,
        List.of(List.of("build", "--select", "tag:" + name)),
        new Schedule.ProjectRef("https://github.com/acme/analytics.git", "main", "transform"), "prod", Map.of(), null,
        null, ConcurrencyPolicy.FORBID, null, null, null, null, null, null, null, new Schedule.Source(Path.of("ferry_schedules.yml"), 1));
  }

  private static void createTopics(InProcessKafka kafka, List<String> prefixes) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      List<NewTopic> all = new ArrayList<>();
      for (String prefix : prefixes) {
        for (Topic<?> topic : Topics.withPrefix(prefix).all()) {
          all.add(new NewTopic(topic.name(), Optional.of(topic.partitions()), Optional.empty()).configs(topic.config()));
        }
        all.add(new NewTopic(prefix + "perf", Optional.of(6), Optional.empty()));
        all.add(new NewTopic(prefix + "perf-tx", Optional.of(6), Optional.empty()));
      }
      admin.createTopics(all).all().get(60, TimeUnit.SECONDS);
      List<String> names = all.stream().map(NewTopic::name).toList();
      awaitTrue(() -> {
        try {
          return admin.describeTopics(names).allTopicNames().get().values().stream()
              .flatMap(topic -> topic.partitions().stream()).allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (Exception e) {
          return false;
        }
      }, Duration.ofMinutes(1), "every partition to have a leader");
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration limit, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Stands still until released, then runs at real speed: the tick is {@link #LEAD} after the release. */
  private static final class HeldClock extends Clock {
    private final Instant start;
    private volatile long releasedNanos;
    private volatile boolean released;

    HeldClock(Instant start) {
      this.start = start;
    }

    void release() {
      releasedNanos = System.nanoTime();
      released = true;
    }

    @Override
    public Instant instant() {
      return released ? start.plusNanos(System.nanoTime() - releasedNanos) : start;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private record Fixed(List<Schedule> schedules) implements ScheduleSource {
    @Override
    public ScheduleCatalog current() {
      return new ScheduleCatalog(schedules);
    }

    @Override
    public void onChange(Consumer<ScheduleCatalog> listener) {}
  }


}
