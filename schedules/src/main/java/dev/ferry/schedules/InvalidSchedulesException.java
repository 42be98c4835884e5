package dev.ferry.schedules;

import java.util.List;
import java.util.stream.Collectors;

/** A schedules file that cannot be used, with every problem found in it, in file order. */
public class InvalidSchedulesException extends RuntimeException {

  private final List<ScheduleProblem> problems;

  public InvalidSchedulesException(List<ScheduleProblem> problems) {
    super(problems.stream().map(ScheduleProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ScheduleProblem> problems() {
    return problems;
  }
}
