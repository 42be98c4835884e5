package dev.ferry.scheduler.firing;

import dev.ferry.scheduler.runs.RunFacts;
import dev.ferry.scheduler.runs.RunHistory;

/** What firing needs to know of runs: whether one is in progress (for {@code forbid}), and where to note a fired one. */
public interface RunState {

  boolean hasRunInProgress(String workspace, String schedule);

  void requested(RunFacts.Requested fact);

  static RunState of(RunHistory history) {
    return new RunState() {
      @Override
      public boolean hasRunInProgress(String workspace, String schedule) {
        return history.hasRunInProgress(workspace, schedule);
      }

      @Override
      public void requested(RunFacts.Requested fact) {
        history.apply(fact);
      }
    };
  }
}
