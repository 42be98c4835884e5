package dev.ferry.scheduler.wire;

import dev.ferry.events.RunCancelRequested;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunHeartbeat;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStarted;
import dev.ferry.events.Topics;
import dev.ferry.scheduler.control.CancelRequests;
import dev.ferry.scheduler.runs.RunHistory;
import dev.ferry.scheduler.trigger.RunRequests;
import dev.ferry.support.kafka.EventListenerContainers;
import dev.ferry.support.kafka.TopicReplay;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Rebuilds the run history from the run topics at every start, and keeps it current after. */
@Configuration(proxyBeanMethods = false)
class RunEventReplays {

  @Bean
  CancelRequests cancelRequests() {
    return new CancelRequests();
  }

  /** Cancels of whole runs, so that a cancelled run found silent ends CANCELLED rather than LOST. */
  @Bean
  TopicReplay<RunCancelRequested> runControlReplay(Topics topics, EventListenerContainers containers,
      CancelRequests cancels) {
    return new TopicReplay<>(topics.runControl(), containers.consumerConfig(), (key, cancel) -> {
      if (cancel != null) {
        cancels.record(cancel);
      }
    });
  }

  @Bean
  TopicReplay<RunRequested> runRequestedReplay(Topics topics, EventListenerContainers containers, RunHistory history,
      RunRequests requests) {
    return TopicReplay.ofRecords(topics.runRequested(), containers.consumerConfig(), record -> {
      history.apply(EventMapper.requested(record.value()));
      Header overrides = record.headers().lastHeader(RunRequests.OVERRIDES_HEADER);
      requests.apply(record.value(),
          EventMapper.request(record.value(), RunRequests.overrides(overrides == null ? null : overrides.value())));
    });
  }

  @Bean
  TopicReplay<SpecificRecord> runEventsReplay(Topics topics, EventListenerContainers containers, RunHistory history) {
    return new TopicReplay<>(topics.runEvents(), containers.consumerConfig(), (key, event) -> {
      switch (event) {
        case RunStarted started -> history.apply(EventMapper.started(started));
        case RunHeartbeat heartbeat -> history.apply(EventMapper.heartbeat(heartbeat));
        case null, default -> { }
      }
    });
  }

  @Bean
  TopicReplay<RunCompleted> runCompletedReplay(Topics topics, EventListenerContainers containers, RunHistory history) {
    return new TopicReplay<>(topics.runCompleted(), containers.consumerConfig(),
        (key, event) -> history.apply(EventMapper.completed(event)));
  }
}
