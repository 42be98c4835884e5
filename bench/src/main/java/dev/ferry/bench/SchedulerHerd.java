package dev.ferry.bench;

import dev.ferry.embedded.InProcessKafka;
import dev.ferry.events.RunRequested;
import dev.ferry.events.Topic;
import dev.ferry.events.Topics;
import dev.ferry.events.serde.EventSerializer;
import dev.ferry.scheduler.firing.FiringClock;
import dev.ferry.scheduler.firing.RunState;
import dev.ferry.scheduler.firing.TickFiring;
import dev.ferry.scheduler.runs.RunFacts;
import dev.ferry.scheduler.schedule.ScheduleCatalog;
import dev.ferry.scheduler.schedule.ScheduleSource;
import dev.ferry.scheduler.trigger.RunRequest;
import dev.ferry.scheduler.trigger.ScheduleMetrics;
import dev.ferry.scheduler.trigger.TickRecord;
import dev.ferry.scheduler.wire.EventMapper;
import dev.ferry.schedules.CronSchedule;
import dev.ferry.schedules.Schedule;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * broker. Prints the fire delay (commit of each tick's RunRequested minus the tick) at p50, p99
 * and max, then runs Kafka's own producer benchmark ({@code kafka-producer-perf-test}) on the same
 * broker with the same number and size of records, plain and transactional, as the baseline.
 *
 * <p>Usage: {@code java -cp ... dev.ferry.bench.SchedulerHerd [schedules=10000]}.
 */
public final class SchedulerHerd {

  private static final Instant TICK = Instant.parse("2026-06-01T11:00:00Z");
  private static final Duration LEAD = Duration.ofSeconds(3);

  private SchedulerHerd() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    System.out.printf("JDK %s, %d cores%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
    try (InProcessKafka kafka = InProcessKafka.startTemporary()) {
      List<Schedule> schedules = IntStream.range(0, count).mapToObj(i -> schedule("herd-" + i)).toList();
      int recordSize = meanRecordSize(schedules.getFirst());
      herd(kafka, "warmup.", schedules); // the same code once, so that the measured herd runs JIT-compiled, as a live scheduler's would
      long started = System.nanoTime();
      Timer delay = herd(kafka, "bench.", schedules);
      System.out.printf("%nScheduler herd: %d schedules on one tick, one replica, 6 partitions, %d-byte records%n",
          count, recordSize);
      for (ValueAtPercentile p : delay.takeSnapshot().percentileValues()) {
        System.out.printf("  fire delay p%.0f: %.0f ms%n", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS));
      }
      System.out.printf("  fire delay max (tick to last commit): %.0f ms%n", delay.max(TimeUnit.MILLISECONDS));
      System.out.printf("  %d RunRequested + %d ScheduleTick records; whole run with start-up %d ms%n", count, count,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

      System.out.printf("%nBaseline: kafka-producer-perf-test, %d records of %d bytes, acks=all, idempotent%n",
          2 * count, recordSize);
      ProducerPerformance.main(perfArgs(kafka, "bench.perf", 2 * count, recordSize, List.of()));
      System.out.printf("%nBaseline: the same, transactional (one transaction per second)%n");
      ProducerPerformance.main(perfArgs(kafka, "bench.perf-tx", 2 * count, recordSize,
          List.of("--transactional-id", "bench-perf", "--transaction-duration-ms", "1000")));
    }
    System.exit(0);
  }

  /** Starts a replica on topics under {@code prefix}, lets the tick come, and returns its fire-delay timer once all fired. */
  private static Timer herd(InProcessKafka kafka, String prefix, List<Schedule> schedules) throws Exception {
    Topics topics = Topics.withPrefix(prefix);
    createTopics(kafka, topics, prefix);
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
        new Fixed(schedules), new NoRuns(), FiringClock.of(clock), new ScheduleMetrics(meters));
    firing.start();
    awaitTrue(() -> firing.ownedSchedules() == schedules.size(), Duration.ofMinutes(2),
        "the replica to own every schedule");
    clock.release();
    Timer delay = meters.get("ferry.schedule.fire.delay").timer();
    awaitTrue(() -> delay.count() >= schedules.size(), Duration.ofMinutes(5), "every tick to fire");
    firing.stop();
    return delay;
  }

  private static String[] perfArgs(InProcessKafka kafka, String topic, int records, int size, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records", Integer.toString(records),
        "--record-size", Integer.toString(size), "--throughput", "-1", "--producer-props",
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
        null, null, null, null, null, null, null, null, null, new Schedule.Source(Path.of("ferry_schedules.yml"), 1));
  }

  private static void createTopics(InProcessKafka kafka, Topics topics, String prefix) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      List<NewTopic> all = new ArrayList<>();
      for (Topic<?> topic : topics.all()) {
        all.add(new NewTopic(topic.name(), Optional.of(topic.partitions()), Optional.empty()).configs(topic.config()));
      }
      all.add(new NewTopic(prefix + "perf", Optional.of(6), Optional.empty()));
      all.add(new NewTopic(prefix + "perf-tx", Optional.of(6), Optional.empty()));
      admin.createTopics(all).all().get(30, TimeUnit.SECONDS);
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

  private static final class NoRuns implements RunState {
    @Override
    public boolean hasRunInProgress(String workspace, String schedule) {
      return false;
    }

    @Override
    public void requested(RunFacts.Requested fact) {}
  }
}
