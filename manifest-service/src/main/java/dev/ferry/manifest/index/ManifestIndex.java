package dev.ferry.manifest.index;

import dev.ferry.events.ScheduleKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every schedule's indexed manifests, newest first, rebuilt from {@code ferry.manifests} at
 * start-up and extended by the indexer. A schedule's defer target is not stored but derived: the
 * newest manifest its query admits. So the order in which records arrive (a late run, a replay, a
 * duplicate) cannot move a pointer back: adding an older run only adds history. Safe for
 * concurrent use; each schedule's history is guarded by its own lock.
 */
public final class ManifestIndex {

  private final ConcurrentMap<ScheduleKey, History> schedules = new ConcurrentHashMap<>();
  private final List<Consumer<ScheduleKey>> newScheduleListeners = new CopyOnWriteArrayList<>();

  /** The manifest {@code query} means for {@code schedule}, if there is one. */
  public Optional<IndexedManifest> find(ScheduleKey schedule, ManifestQuery query) {
    History history = schedules.get(schedule);
    return history == null ? Optional.empty() : history.find(query);
  }

  /** The schedule's defer target: its newest successful manifest. */
  public Optional<IndexedManifest> latest(ScheduleKey schedule) {
    return find(schedule, ManifestQuery.LATEST);
  }

  /** Up to {@code limit} of the schedule's manifests that {@code status} admits, newest first. */
  public List<IndexedManifest> history(ScheduleKey schedule, ManifestQuery.StatusFilter status, int limit) {
    History history = schedules.get(schedule);
    return history == null ? List.of() : history.list(status, limit);
  }

  /**
   * Whether the manifest of this attempt of the run, or of a later one, is indexed already: a
   * redelivered RunCompleted changes nothing, while a retry's (same run id, higher attempt)
   * replaces the earlier attempt's manifest.
   */
  public boolean contains(ScheduleKey schedule, String runId, int attempt) {
    History history = schedules.get(schedule);
    return history != null && history.contains(runId, attempt);
  }

  /** Adds a manifest, replacing an earlier attempt's of the same run; returns false when that attempt or a later one was indexed already. */
  public boolean add(IndexedManifest manifest) {
    boolean[] created = {false};
    History history = schedules.computeIfAbsent(manifest.schedule(), key -> {
      created[0] = true;
      return new History();
    });
    boolean added = history.add(manifest);
    if (created[0]) {
      newScheduleListeners.forEach(listener -> listener.accept(manifest.schedule()));
    }
    return added;
  }

  /** Drops a run's manifest (a tombstone in {@code ferry.manifests}). */
  public void remove(ScheduleKey schedule, String runId) {
    History history = schedules.get(schedule);
    if (history != null) {
      history.remove(runId);
    }
  }

  /**
   * The manifests past the newest {@code keep} of the schedule, oldest first, that may be dropped:
   * never the schedule's defer target, even when it is older than {@code keep} failed runs.
   */
  public List<IndexedManifest> beyond(ScheduleKey schedule, int keep) {
    History history = schedules.get(schedule);
    return history == null ? List.of() : history.beyond(keep);
  }

  /**
   * Whether a run finished at {@code finishedAt} would fall past the newest {@code keep} manifests
   * at once, so indexing it would only drop it again: true when at least {@code keep} manifests are
   * newer and, for a successful run, a newer successful one is the defer target. A consumer that
   * re-reads {@code ferry.run.completed} from the start thus does not bring dropped history back.
   */
  public boolean wouldFallBeyond(ScheduleKey schedule, String runId, Instant finishedAt, boolean succeeded, int keep) {
    History history = schedules.get(schedule);
    return history != null && history.wouldFallBeyond(runId, finishedAt, succeeded, keep);
  }

  /** Called once for each schedule when it gets its first manifest (metrics register gauges this way). */
  public void onNewSchedule(Consumer<ScheduleKey> listener) {
    newScheduleListeners.add(listener);
    schedules.keySet().forEach(listener);
  }

  private static final class History {

    private final TreeSet<IndexedManifest> newestFirst = new TreeSet<>(IndexedManifest.NEWEST_FIRST);
    private final Map<String, IndexedManifest> byRun = new HashMap<>();

    synchronized Optional<IndexedManifest> find(ManifestQuery query) {
      if (query.runId() != null) {
        return Optional.ofNullable(byRun.get(query.runId()));
      }
      return newestFirst.stream().filter(query.matcher()).findFirst();
    }

    synchronized List<IndexedManifest> list(ManifestQuery.StatusFilter status, int limit) {
      return newestFirst.stream().filter(status::admits).limit(limit).toList();
    }

    synchronized boolean contains(String runId, int attempt) {
      IndexedManifest known = byRun.get(runId);
      return known != null && known.attempt() >= attempt;
    }

    synchronized boolean add(IndexedManifest manifest) {
      IndexedManifest known = byRun.get(manifest.runId());
      if (known != null && known.attempt() >= manifest.attempt()) {
        return false;
      }
      if (known != null) {
        newestFirst.remove(known);
      }
      byRun.put(manifest.runId(), manifest);
      newestFirst.add(manifest);
      return true;
    }

    synchronized void remove(String runId) {
      IndexedManifest removed = byRun.remove(runId);
      if (removed != null) {
        newestFirst.remove(removed);
      }
    }

    synchronized boolean wouldFallBeyond(String runId, Instant finishedAt, boolean succeeded, int keep) {
      java.util.function.Predicate<IndexedManifest> newer = m -> m.finishedAt().isAfter(finishedAt)
          || (m.finishedAt().equals(finishedAt) && m.runId().compareTo(runId) > 0);
      long newerCount = newestFirst.stream().filter(newer).limit(keep).count();
      boolean targetIsNewer = !succeeded || find(ManifestQuery.LATEST).filter(newer).isPresent();
      return newerCount >= keep && targetIsNewer;
    }

    synchronized List<IndexedManifest> beyond(int keep) {
      Optional<IndexedManifest> target = find(ManifestQuery.LATEST);
      List<IndexedManifest> old = new ArrayList<>(newestFirst.stream().skip(keep).toList());
      target.ifPresent(old::remove);
      return old.reversed();
    }
  }
}
