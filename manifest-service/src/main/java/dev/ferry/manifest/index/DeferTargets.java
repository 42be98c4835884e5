package dev.ferry.manifest.index;

import dev.ferry.events.ScheduleKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The current defer target of every schedule: rebuilt from {@code ferry.manifests} at start-up and
 * updated by the indexer as it writes. A target only ever replaces an older one, so a replayed,
 * duplicated or late pointer can never move a schedule back. Safe for concurrent use.
 */
public final class DeferTargets {

  private final ConcurrentMap<ScheduleKey, DeferTarget> targets = new ConcurrentHashMap<>();
  private final List<Consumer<ScheduleKey>> newScheduleListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  public Optional<DeferTarget> find(ScheduleKey schedule) {
    return Optional.ofNullable(targets.get(schedule));
  }

  /** Keeps {@code candidate} if it is newer than what the schedule has; returns whether it did. */
  public boolean offer(DeferTarget candidate) {
    boolean[] replaced = {false};
    boolean[] first = {false};
    targets.compute(candidate.schedule(), (key, current) -> {
      if (candidate.isNewerThan(current)) {
        replaced[0] = true;
        first[0] = current == null;
        return candidate;
      }
      return current;
    });
    if (first[0]) {
      newScheduleListeners.forEach(listener -> listener.accept(candidate.schedule()));
    }
    return replaced[0];
  }

  /** Called once for each schedule when it gets its first target (metrics register gauges this way). */
  public void onNewSchedule(Consumer<ScheduleKey> listener) {
    newScheduleListeners.add(listener);
    targets.keySet().forEach(listener);
  }
}
