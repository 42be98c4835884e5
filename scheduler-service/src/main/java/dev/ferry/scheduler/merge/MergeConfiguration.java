package dev.ferry.scheduler.merge;

import dev.ferry.scheduler.runs.RunHistory;
import dev.ferry.scheduler.schedule.ScheduleSource;
import dev.ferry.scheduler.suspend.Suspensions;
import dev.ferry.scheduler.trigger.RunRequestPublisher;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the merge webhooks: the trigger that fires {@code on_merge} schedules. */
@Configuration(proxyBeanMethods = false)
class MergeConfiguration {

  @Bean
  MergeTriggers mergeTriggers(ScheduleSource schedules, RunRequestPublisher publisher, RunHistory history,
      Suspensions suspensions, Clock clock) {
    return new MergeTriggers(schedules, publisher, history, suspensions, clock);
  }
}
