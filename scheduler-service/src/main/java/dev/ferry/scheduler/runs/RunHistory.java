package dev.ferry.scheduler.runs;

import dev.ferry.events.ArtifactsKept;
import dev.ferry.events.RunPhase;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every run the scheduler has seen, folded from RunRequested, RunStarted, RunHeartbeat and
 * RunCompleted. The three topics are read independently, so facts may arrive in any order: a
 * start before its request, a duplicate completion. The fold is order-tolerant and never moves
 * a run backwards ({@link RunPhase}). A retry is the same run id at a higher attempt: it starts the
 * run afresh, and events of an older attempt (a slow runner's late heartbeat or completion) no
 * longer change it. Rebuilt from the topics at every start; safe for
 * concurrent readers and writers.
 */
public final class RunHistory {

  private static final Logger log = LoggerFactory.getLogger(RunHistory.class);

  private final ConcurrentMap<String, RunView> runs = new ConcurrentHashMap<>();
  /**
   * The run ids of each schedule: firing asks about one schedule at a time, for every schedule at
   * every tick, so a look must cost the schedule's runs, not all runs (a herd of 10 000 {@code forbid}
   * schedules with a day of hourly history otherwise walks 240 000 runs 10 000 times).
   */
  private final ConcurrentMap<ScheduleId, Set<String>> bySchedule = new ConcurrentHashMap<>();

  /** Not {@link dev.ferry.events.ScheduleKey}: the history keeps whatever names the run topics carry. */
  private record ScheduleId(String workspace, String schedule) {}

  public Optional<RunView> find(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  /** The latest runs of a schedule, newest request first. */
  public List<RunView> ofSchedule(String workspace, String schedule, int limit) {
    return runsOf(workspace, schedule)
        .sorted(Comparator.comparing(RunView::requestedAt, Comparator.nullsLast(Comparator.reverseOrder())))
        .limit(limit)
        .toList();
  }

  /**
   * Whether a run of the schedule is requested or running and has not ended: what
   * {@code concurrency: forbid} waits for. A run whose worker died stays in progress until its
   * completion (or, later, lost-run detection) arrives.
   */
  public boolean hasRunInProgress(String workspace, String schedule) {
    return runsOf(workspace, schedule).anyMatch(r -> !r.phase().isTerminal());
  }

  /** Every run of a workspace, in no order; for the run lifecycle, which walks them all. */
  public List<RunView> inWorkspace(String workspace) {
    return runs.values().stream().filter(r -> workspace.equals(r.workspace())).toList();
  }

  /** The ids of the schedule's runs that have not ended. */
  public java.util.List<String> runsInProgress(String workspace, String schedule) {
    return runsOf(workspace, schedule).filter(r -> !r.phase().isTerminal()).map(RunView::runId).sorted().toList();
  }

  private Stream<RunView> runsOf(String workspace, String schedule) {
    return bySchedule.getOrDefault(new ScheduleId(workspace, schedule), Set.of()).stream().map(runs::get)
        .filter(r -> r != null && workspace.equals(r.workspace()) && schedule.equals(r.schedule()));
  }

  /**
   * Forgets the runs that ended before {@code cutoff}, so that a scheduler that runs for months holds
   * what a restarted one would rebuild from the run topics, not every run it ever saw. Returns how
   * many it forgot.
   */
  public int forgetEndedBefore(Instant cutoff) {
    int forgotten = 0;
    for (RunView run : runs.values()) {
      Instant ended = run.finishedAt() != null ? run.finishedAt() : run.requestedAt();
      if (run.phase().isTerminal() && ended != null && ended.isBefore(cutoff) && runs.remove(run.runId(), run)) {
        Set<String> ids = bySchedule.get(new ScheduleId(run.workspace(), run.schedule()));
        if (ids != null) {
          ids.remove(run.runId());
        }
        forgotten++;
      }
    }
    return forgotten;
  }

  /** Files the run under its schedule; every apply passes what it stored through here. */
  private void index(RunView run) {
    if (run != null) {
      bySchedule.computeIfAbsent(new ScheduleId(run.workspace(), run.schedule()), key -> ConcurrentHashMap.newKeySet())
          .add(run.runId());
    }
  }

  /**
   * A request. A higher attempt of a known run (a retry: same run id, attempt + 1) starts the run
   * afresh at that attempt; a request of an older attempt than the one known changes nothing.
   */
  public void apply(RunFacts.Requested fact) {
    index(runs.merge(fact.runId(), fromRequest(fact), (known, fresh) -> {
      if (fact.attempt() > known.attempt()) {
        return fresh;
      }
      if (fact.attempt() < known.attempt()) {
        return known;
      }
      return new RunView(known.runId(), fact.workspace(), fact.schedule(), fact.trigger(), fact.attempt(),
          known.phase(), fact.requestedBy(), fact.requestedAt(), fact.scheduledTick(), known.startedAt(),
          known.finishedAt(), known.lastHeartbeatAt(), known.worker(), known.gitSha(), known.dbtVersion(),
          known.message(), known.commands(), known.artifacts());
    }));
  }

  public void apply(RunFacts.Started fact) {
    index(runs.compute(fact.runId(), (id, known) -> {
      RunView base = known != null ? known : placeholder(fact.runId(), fact.workspace(), fact.schedule());
      if (fact.attempt() < base.attempt()) {
        return base;
      }
      if (fact.attempt() > base.attempt()) {
        base = nextAttempt(base, fact.attempt());
      }
      RunPhase phase = move(base, RunPhase.RUNNING);
      return new RunView(base.runId(), base.workspace(), base.schedule(), base.trigger(), fact.attempt(), phase,
          base.requestedBy(), base.requestedAt(), base.scheduledTick(), fact.startedAt(), base.finishedAt(),
          base.lastHeartbeatAt(), fact.worker(), fact.gitSha(), base.dbtVersion(), base.message(),
          base.commands(), base.artifacts());
    }));
  }

  /**
   * A heartbeat; one from another worker than the one that started the current attempt, or of
   * another attempt, is ignored.
   */
  public void apply(RunFacts.Heartbeat fact) {
    runs.computeIfPresent(fact.runId(), (id, known) -> (known.worker() != null && !known.worker().equals(fact.worker()))
        || (fact.attempt() != null && fact.attempt() != known.attempt())
        ? known : new RunView(known.runId(), known.workspace(),
        known.schedule(), known.trigger(), known.attempt(), known.phase(), known.requestedBy(),
        known.requestedAt(), known.scheduledTick(), known.startedAt(), known.finishedAt(), fact.at(),
        fact.worker(), known.gitSha(), known.dbtVersion(), known.message(), known.commands(), known.artifacts()));
  }

  public void apply(RunFacts.Completed fact) {
    index(runs.compute(fact.runId(), (id, known) -> {
      RunView base = known != null ? known : placeholder(fact.runId(), fact.workspace(), fact.schedule());
      if (fact.attempt() < base.attempt()) {
        log.debug("Ignoring the {} of attempt {} of run {}, which is at attempt {}", fact.status(), fact.attempt(), id,
            base.attempt());
        return base;
      }
      if (fact.attempt() > base.attempt()) {
        base = nextAttempt(base, fact.attempt());
      }
      RunPhase ending = RunPhase.of(fact.status());
      boolean owedOutcome = base.phase() == RunPhase.FAILED && ArtifactsKept.in(base.message())
          && fact.attempt() == base.attempt() && !ArtifactsKept.in(fact.message());
      if (!base.phase().canMoveTo(ending) && !owedOutcome) {
        log.debug("Ignoring {} for run {}, which is already {}", ending, id, base.phase());
        return base;
      }
      return new RunView(base.runId(), base.workspace(), base.schedule(),
          base.trigger() != null ? base.trigger() : fact.trigger(), fact.attempt(), ending, base.requestedBy(),
          base.requestedAt(), base.scheduledTick(), fact.startedAt() != null ? fact.startedAt() : base.startedAt(),
          fact.finishedAt(), base.lastHeartbeatAt(), fact.worker() != null ? fact.worker() : base.worker(),
          fact.gitSha() != null ? fact.gitSha() : base.gitSha(), fact.dbtVersion(), fact.message(),
          fact.commands(), fact.artifacts());
    }));
  }

  private static RunPhase move(RunView run, RunPhase next) {
    return run.phase().canMoveTo(next) ? next : run.phase();
  }

  /** The run at a later attempt whose request has not been seen yet: what the earlier attempt did is dropped. */
  private static RunView nextAttempt(RunView run, int attempt) {
    return new RunView(run.runId(), run.workspace(), run.schedule(), run.trigger(), attempt, RunPhase.REQUESTED,
        run.requestedBy(), run.requestedAt(), run.scheduledTick(), null, null, null, null, null, null, null, List.of(),
        List.of());
  }

  private static RunView fromRequest(RunFacts.Requested fact) {
    return new RunView(fact.runId(), fact.workspace(), fact.schedule(), fact.trigger(), fact.attempt(),
        RunPhase.REQUESTED, fact.requestedBy(), fact.requestedAt(), fact.scheduledTick(), null, null, null, null,
        null, null, null, List.of(), List.of());
  }

  private static RunView placeholder(String runId, String workspace, String schedule) {
    return new RunView(runId, workspace, schedule, null, 1, RunPhase.REQUESTED, null, null, null, null, null, null,
        null, null, null, null, List.of(), List.of());
  }
}
