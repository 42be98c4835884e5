package dev.ferry.runner.execution;

import dev.ferry.runner.RunnerProperties;
import dev.ferry.runner.workspace.GitCheckout;
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
    return new GitCheckout(properties.gitExecutable(), GIT_TIMEOUT);
  }

  /** One timer thread sends the heartbeats of every live run. */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService heartbeatTimer() {
    return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("heartbeats").daemon().factory());
  }
}
