package dev.ferry.schedules;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code ferry schedules validate}: checks a schedules file or folder offline with the reader the
 * scheduler uses, so that a team's CI refuses what the scheduler would refuse.
 */
public final class SchedulesCheck {

  /** Exit code of a file set with problems. */
  public static final int INVALID = 1;

  private SchedulesCheck() {}

  /** Prints one summary line to {@code out} and returns 0, or one line per problem to {@code err} and returns {@link #INVALID}. */
  public static int run(Path fileOrFolder, PrintWriter out, PrintWriter err) {
    try {
      ScheduleSet set = new SchedulesReader("default").read(fileOrFolder);
      long cron = set.schedules().stream().filter(s -> !s.isManual()).count();
      out.println(fileOrFolder + ": " + count(set.schedules().size(), "schedule") + " valid in "
          + count(set.files().size(), "file") + " (" + cron + " on cron, " + (set.schedules().size() - cron)
          + " manual or triggered)");
      out.flush();
      return 0;
    } catch (InvalidSchedulesException e) {
      e.problems().forEach(err::println);
      err.println(count(e.problems().size(), "problem") + " in " + fileOrFolder);
      err.flush();
      return INVALID;
    }
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
