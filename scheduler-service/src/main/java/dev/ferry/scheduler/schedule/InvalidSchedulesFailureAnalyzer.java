package dev.ferry.scheduler.schedule;

import dev.ferry.schedules.InvalidSchedulesException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A start-up stopped by unusable schedules says so in one line and lists the problems, without a stack trace. */
class InvalidSchedulesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSchedulesException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, InvalidSchedulesException cause) {
    return new FailureAnalysis("The schedules cannot be used (" + cause.problems().size() + " problem(s)):\n"
        + cause.getMessage(), "Fix the schedules; 'ferry schedules validate <file-or-folder>' checks them offline.", cause);
  }
}
