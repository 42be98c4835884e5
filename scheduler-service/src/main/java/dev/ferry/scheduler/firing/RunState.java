package dev.ferry.scheduler.firing;

import dev.ferry.scheduler.runs.RunFacts;
import dev.ferry.scheduler.runs.RunHistory;
import dev.ferry.support.kafka.TopicReplay;
import java.util.List;

/** What firing needs to know of runs: whether one is in progress (for {@code forbid}), and where to note a fired one. */
public interface RunState {

  boolean hasRunInProgress(String workspace, String schedule);

  /** The ids of the schedule's runs requested or running and not ended, for {@code concurrency: replace}. */
  default List<String> runsInProgress(String workspace, String schedule) {
    return List.of();
  }

  void requested(RunFacts.Requested fact);

  /**
   * Whether the state is whole: after a start the run history is rebuilt from the run topics, and
   * until then a run in progress could be missed, so nothing fires before.
   */
  default boolean isCurrent() {
    return true;
  }

  /** The run history, current once every replay of the run topics has caught up. */
  static RunState of(RunHistory history, List<TopicReplay<?>> replays) {
    return new RunState() {
      @Override
      public boolean isCurrent() {
        return replays.stream().allMatch(TopicReplay::isCaughtUp);
      }

      @Override
      public boolean hasRunInProgress(String workspace, String schedule) {
        return history.hasRunInProgress(workspace, schedule);
      }

      @Override
      public List<String> runsInProgress(String workspace, String schedule) {
        return history.runsInProgress(workspace, schedule);
      }

      @Override
      public void requested(RunFacts.Requested fact) {
        history.apply(fact);
      }
    };
  }
}
