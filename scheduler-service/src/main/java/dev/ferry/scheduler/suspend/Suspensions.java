package dev.ferry.scheduler.suspend;

import dev.ferry.events.ScheduleKey;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The suspended schedules, as the compacted suspensions topic says: every replica reads the whole
 * topic (read_committed) at start and after, so all of them, and a restarted one, agree. Safe for
 * concurrent readers and writers: the replay thread, the API and the firing thread.
 */
public final class Suspensions implements SuspensionCheck {

  private final ConcurrentMap<String, Suspension> byKey = new ConcurrentHashMap<>();

  /** Notes a record of the topic: a suspension, or (null) the resume of the schedule keyed {@code key}. */
  public void apply(String key, Suspension suspension) {
    if (suspension == null) {
      byKey.remove(key);
    } else {
      byKey.put(key, suspension);
    }
  }

  /** The suspension of the schedule that holds at {@code at}; one that has expired is not shown. */
  public Optional<Suspension> find(String workspace, String schedule, Instant at) {
    return Optional.ofNullable(byKey.get(new ScheduleKey(workspace, schedule).toString()))
        .filter(suspension -> suspension.holdsAt(at));
  }

  @Override
  public boolean isSuspended(String workspace, String schedule, Instant at) {
    return find(workspace, schedule, at).isPresent();
  }
}
