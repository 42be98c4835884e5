package dev.ferry.runner.wire;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WireConfiguration {

  /** The thread of the kept-run sweep, stopped with the runner. */
  @Bean
  KeptRunSweep.Timer keptRunSweeper(KeptRunSweep sweep) {
    return sweep.schedule();
  }
}
