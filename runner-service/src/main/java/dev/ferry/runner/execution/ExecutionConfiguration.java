package dev.ferry.runner.execution;

import dev.ferry.events.RunCancelRequested;
import dev.ferry.events.Topics;
import dev.ferry.runner.RunnerProperties;
import dev.ferry.runner.workspace.GitCheckout;
import dev.ferry.support.kafka.EventListenerContainers;
import dev.ferry.support.kafka.TopicReplay;
import dev.ferry.support.tracing.TraceContextExecutors;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ExecutionConfiguration {

  private static final Duration GIT_TIMEOUT = Duration.ofMinutes(10);

  @Bean
  GitCheckout gitCheckout(RunnerProperties properties) {
    return new GitCheckout(properties.gitExecutable(), GIT_TIMEOUT, properties.workDir().resolve("cache/git"));
  }

  @Bean
  Cancellations cancellations() {
    return new Cancellations();
  }

  /** Every runner reads every cancel, from the start of the topic, so it also knows runs still queued. */
  @Bean
  TopicReplay<RunCancelRequested> runControlReplay(Topics topics, EventListenerContainers containers,
      Cancellations cancellations) {
    TopicReplay<RunCancelRequested> replay = new TopicReplay<>(topics.runControl(), containers.consumerConfig(),
        (key, cancel) -> {
          if (cancel != null) {
            cancellations.cancel(cancel.getRunId(), cancel.getAttempt(), cancel.getRequestedBy());
          }
        });
    replay.whenCaughtUp(cancellations::caughtUp);
    return replay;
  }

  /** One timer thread sends the heartbeats of every live run, each in the trace of its run. */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService heartbeatTimer() {
    return TraceContextExecutors.propagating(
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("heartbeats").daemon().factory()));
  }
}
