package dev.ferry.support.kafka;

import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP once every {@link TopicReplay} of the service has caught up; part of the readiness group,
 * so that a restarted replica takes traffic only when its view is whole again.
 */
public final class ReplayHealthIndicator implements HealthIndicator {

  private final List<TopicReplay<?>> replays;

  public ReplayHealthIndicator(List<TopicReplay<?>> replays) {
    this.replays = List.copyOf(replays);
  }

  @Override
  public Health health() {
    Health.Builder health = replays.stream().allMatch(TopicReplay::isCaughtUp) ? Health.up() : Health.outOfService();
    replays.forEach(r -> health.withDetail(r.topicName(), r.isCaughtUp() ? "caught up" : "replaying"));
    return health.build();
  }
}
