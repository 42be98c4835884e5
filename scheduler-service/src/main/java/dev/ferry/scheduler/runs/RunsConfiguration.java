package dev.ferry.scheduler.runs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RunsConfiguration {

  @Bean
  RunHistory runHistory() {
    return new RunHistory();
  }
}
