package dev.ferry.schedules;

import java.nio.file.Path;

/** One thing wrong in a schedules file, located as an editor would: file, line, column and field. */
public record ScheduleProblem(Path file, int line, int column, String field, String message) {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + message;
  }
}
