package dev.ferry.scheduler.runs;

import dev.ferry.events.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RunsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(RunsConfiguration.class);
  private static final Duration FORGET_EVERY = Duration.ofHours(1);

  @Bean
  RunHistory runHistory() {
    return new RunHistory();
  }

  /**
   * Once an hour, forgets the runs that ended longer ago than {@code run.completed} keeps them: a
   * restarted scheduler could not rebuild them either, and without this the history of a
   * long-running scheduler grows with every run (240 000 a day for 10 000 hourly schedules).
   */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService runHistoryForgetting(RunHistory history, Topics topics, Clock clock) {
    Duration kept = Duration.ofMillis(Long.parseLong(topics.runCompleted().config().get(TopicConfig.RETENTION_MS_CONFIG)));
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("run-history-forgetting").daemon().factory());
    timer.scheduleWithFixedDelay(() -> {
      try {
        int forgotten = history.forgetEndedBefore(clock.instant().minus(kept));
        if (forgotten > 0) {
          log.info("Forgot {} runs that ended more than {} days ago", forgotten, kept.toDays());
        }
      } catch (RuntimeException e) {
        log.warn("Could not forget old runs; will try again in {} minutes", FORGET_EVERY.toMinutes(), e);
      }
    }, FORGET_EVERY.toMillis(), FORGET_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return timer;
  }
}
