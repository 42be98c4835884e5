package dev.ferry.scheduler.suspend;

import dev.ferry.events.ScheduleKey;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The suspended schedules, as the compacted suspensions topic says: every replica reads the whole
 * topic (read_committed) at start and after, so all of them, and a restarted one, agree. A replica
 * also notes its own writes at once, by their offset, so the API reads them back; the replay
 * bringing an older record of the same schedule later cannot undo a newer one (all records of a
 * schedule share a partition, so their offsets order them). Safe for concurrent readers and
 * writers: the replay thread, the API and the firing thread.
 */
public final class Suspensions implements SuspensionCheck {

  /** The newest record of a schedule: a suspension, or null after a resume; and its offset. */
  private record Latest(Suspension suspension, long offset) {}

  private final ConcurrentMap<String, Latest> byKey = new ConcurrentHashMap<>();

  /** Notes the record at {@code offset}: a suspension, or (null) the resume of the schedule keyed {@code key}. */
  public void apply(String key, Suspension suspension, long offset) {
    byKey.merge(key, new Latest(suspension, offset), (known, fresh) -> fresh.offset() >= known.offset() ? fresh : known);
  }

  /** The suspension of the schedule that holds at {@code at}; one that has expired is not shown. */
  public Optional<Suspension> find(String workspace, String schedule, Instant at) {
    return Optional.ofNullable(byKey.get(new ScheduleKey(workspace, schedule).toString()))
        .map(Latest::suspension)
        .filter(suspension -> suspension.holdsAt(at));
  }

  @Override
  public boolean isSuspended(String workspace, String schedule, Instant at) {
    return find(workspace, schedule, at).isPresent();
  }
}
