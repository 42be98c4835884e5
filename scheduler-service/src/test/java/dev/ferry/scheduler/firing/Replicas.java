package dev.ferry.scheduler.firing;

import dev.ferry.events.RunRequested;
import dev.ferry.events.ScheduleTick;
import dev.ferry.events.Topic;
import dev.ferry.events.Topics;
import dev.ferry.scheduler.runs.RunFacts;
import dev.ferry.scheduler.schedule.ScheduleCatalog;
import dev.ferry.scheduler.schedule.ScheduleSource;
import dev.ferry.scheduler.trigger.ScheduleMetrics;
import dev.ferry.schedules.CronSchedule;
import dev.ferry.schedules.Schedule;
import dev.ferry.testing.KafkaProbe;
import dev.ferry.testing.SharedInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Scheduler replicas for tests: the real {@link TickFiring}, wired as the service wires it but
 * without Spring, on the shared broker, under a topic prefix of their own. Each replica has its
 * own meter registry; all share one clock.
 */
final class Replicas implements AutoCloseable {

  static final String WORKSPACE = "default";

  final String prefix = SharedInfrastructure.uniqueTopicPrefix();
  final Topics topics = Topics.withPrefix(prefix);
  private final List<Replica> started = new CopyOnWriteArrayList<>();

  Replicas() {
    createTopics();
  }

  /** One replica: its firing loop and its metrics. */
  record Replica(String name, TickFiring firing, SimpleMeterRegistry meters) {
    double counter(String name, String... tags) {
      var counter = meters.find(name).tags(tags).counter();
      return counter == null ? 0 : counter.count();
    }
  }

  /**
   * Starts a replica with a short session and poll interval, so that one that stops polling
   * leaves the group within seconds.
   */
  Replica start(String name, List<Schedule> schedules, RunState runs, Clock clock, int speedUp,
      Duration misfireThreshold) {
    return start(name, new FixedSchedules(schedules), runs, clock, speedUp, misfireThreshold);
  }

  Replica start(String name, ScheduleSource schedules, RunState runs, Clock clock, int speedUp,
      Duration misfireThreshold) {
    Map<String, Object> consumer = new HashMap<>();
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers());
    consumer.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
    consumer.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
    consumer.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 6000);
    Map<String, Object> producer = new HashMap<>();
    producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers());
    producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TickFiring firing = new TickFiring(
        new TickFiring.Settings(WORKSPACE, name, prefix + "scheduler." + WORKSPACE, misfireThreshold),
        topics, consumer, producer, schedules, runs, new FiringClock(clock, speedUp),
        new ScheduleMetrics(meters));
    firing.start();
    Replica replica = new Replica(name, firing, meters);
    started.add(replica);
    return replica;
  }

  /** Committed RunRequested of cron ticks, as a read_committed consumer sees them. */
  List<RunRequested> committedTickRequests() {
    return KafkaProbe.readAllCommitted(topics.runRequested()).stream().map(ConsumerRecord::value)
        .filter(r -> r.getScheduledTick() != null).toList();
  }

  /** Committed tick records, oldest first per partition. */
  List<ScheduleTick> committedTicks() {
    return KafkaProbe.readAllCommitted(topics.schedulerTicks()).stream().map(ConsumerRecord::value).toList();
  }

  /** Committed fired ticks of each schedule, in the order written. */
  Map<String, List<Instant>> firedTicksBySchedule() {
    Map<String, List<Instant>> ticks = new HashMap<>();
    for (RunRequested request : committedTickRequests()) {
      ticks.computeIfAbsent(request.getSchedule(), s -> new ArrayList<>()).add(request.getScheduledTick());
    }
    return ticks;
  }

  static Schedule schedule(String name, String cron, ZoneId zone, Consumer<Builder> customize) {
    Builder builder = new Builder();
    customize.accept(builder);
    return new Schedule(WORKSPACE, name, "", null, CronSchedule.parse(cron), zone, List.of(List.of("run")),
        new Schedule.ProjectRef("https://example.com/acme/analytics.git", "main", null), null, Map.of(), null, null,
        builder.concurrency, builder.catchUp, null, null, null, null, null, null,
        new Schedule.Source(Path.of("ferry_schedules.yml"), 1));
  }

  /** The policies a test varies. */
  static final class Builder {
    dev.ferry.schedules.ConcurrencyPolicy concurrency;
    Schedule.CatchUpPolicy catchUp;

    Builder concurrency(dev.ferry.schedules.ConcurrencyPolicy policy) {
      this.concurrency = policy;
      return this;
    }

    Builder catchUp(dev.ferry.schedules.CatchUpMode mode, int limit) {
      this.catchUp = new Schedule.CatchUpPolicy(mode, limit);
      return this;
    }
  }

  /** Runs that are never in progress; the fired ones are remembered. */
  static RunState noRunsInProgress() {
    return new RunState() {
      @Override
      public boolean hasRunInProgress(String workspace, String schedule) {
        return false;
      }

      @Override
      public void requested(RunFacts.Requested fact) {}
    };
  }

  void stop(Replica replica) {
    replica.firing().stop();
    started.remove(replica);
  }

  @Override
  public void close() {
    started.forEach(r -> r.firing().stop());
    started.clear();
  }

  private void createTopics() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        SharedInfrastructure.kafka().bootstrapServers()))) {
      List<NewTopic> all = new ArrayList<>();
      for (Topic<?> topic : topics.all()) {
        all.add(new NewTopic(topic.name(), Optional.of(topic.partitions()), Optional.empty()).configs(topic.config()));
      }
      admin.createTopics(all).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the topics under " + prefix, e);
    }
  }

  /** Schedules that never change. */
  private record FixedSchedules(List<Schedule> schedules) implements ScheduleSource {
    @Override
    public ScheduleCatalog current() {
      return new ScheduleCatalog(schedules);
    }

    @Override
    public void onChange(Consumer<ScheduleCatalog> listener) {}
  }

  static Duration minutes(long n) {
    return Duration.ofMinutes(n);
  }
}
