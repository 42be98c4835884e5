package dev.ferry.schedules;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * One field of a 5-field cron expression: the set of values it allows, and whether it was written
 * starting with {@code *} (which decides Vixie's day-of-month / day-of-week rule).
 */
record CronField(String name, BitSet values, boolean star) {

  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  static CronField minute(String text) {
    return parse("minute", text, 0, 59, List.of(), 0);
  }

  static CronField hour(String text) {
    return parse("hour", text, 0, 23, List.of(), 0);
  }

  static CronField dayOfMonth(String text) {
    return parse("day-of-month", text, 1, 31, List.of(), 0);
  }

  static CronField month(String text) {
    return parse("month", text, 1, 12, MONTHS, 1);
  }

  /** Sunday is 0, and 7 too, as in Vixie cron; the set holds 0 for Sunday. */
  static CronField dayOfWeek(String text) {
    CronField field = parse("day-of-week", text, 0, 7, DAYS, 0);
    if (field.values.get(7)) {
      field.values.clear(7);
      field.values.set(0);
    }
    return field;
  }

  boolean matches(int value) {
    return values.get(value);
  }

  private static CronField parse(String name, String text, int min, int max, List<String> names, int firstName) {
    BitSet values = new BitSet(max + 1);
    for (String part : text.split(",", -1)) {
      addPart(name, part, min, max, names, firstName, values);
    }
    return new CronField(name, values, text.startsWith("*"));
  }

  private static void addPart(String name, String part, int min, int max, List<String> names, int firstName,
      BitSet values) {
    if (part.isEmpty()) {
      throw new IllegalArgumentException(name + " has an empty list element");
    }
    String range = part;
    int step = 1;
    int slash = part.indexOf('/');
    if (slash >= 0) {
      range = part.substring(0, slash);
      step = number(name, part.substring(slash + 1), 1, max, List.of(), 0);
    }
    int from;
    int to;
    if (range.equals("*")) {
      from = min;
      to = max == 7 ? 6 : max; // '*' in day-of-week is 0-6, so that '*/2' does not count Sunday twice
    } else {
      int dash = range.indexOf('-');
      if (dash > 0) {
        from = number(name, range.substring(0, dash), min, max, names, firstName);
        to = number(name, range.substring(dash + 1), min, max, names, firstName);
        if (to < from) {
          throw new IllegalArgumentException(name + " range " + range + " runs backwards");
        }
      } else {
        from = number(name, range, min, max, names, firstName);
        // 'a/n' means 'a-max/n', as in Vixie cron
        to = slash >= 0 ? max : from;
      }
    }
    for (int v = from; v <= to; v += step) {
      values.set(v);
    }
  }

  private static int number(String name, String text, int min, int max, List<String> names, int firstName) {
    int index = names.indexOf(text.toUpperCase(Locale.ROOT));
    if (index >= 0) {
      return index + firstName;
    }
    if (!text.matches("\\d{1,2}")) {
      throw new IllegalArgumentException(name + " '" + text + "' is not a number"
          + (names.isEmpty() ? "" : " or one of " + String.join(" ", names)));
    }
    int value = Integer.parseInt(text);
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " " + value + " is out of range " + min + "-" + max);
    }
    return value;
  }
}
