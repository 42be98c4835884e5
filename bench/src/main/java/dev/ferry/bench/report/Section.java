package dev.ferry.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one benchmark found, rendered as the generated part of its section of
 * {@code docs/benchmarks.md}: the comparisons against their baselines, further figures that
 * explain them, and facts about the set-up (sizes, rounds).
 */
public final class Section {

  private final String id;
  private final List<Comparison> comparisons = new ArrayList<>();
  private final List<Series> figures = new ArrayList<>();
  private final List<String> facts = new ArrayList<>();

  public Section(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public Section compare(Comparison comparison) {
    comparisons.add(comparison);
    return this;
  }

  /** A figure without a baseline of its own, shown for the reading (a part of a comparison's subject, say). */
  public Section figure(Series series) {
    figures.add(series);
    return this;
  }

  public Section fact(String format, Object... args) {
    facts.add(String.format(java.util.Locale.ROOT, format, args));
    return this;
  }

  public List<Comparison> comparisons() {
    return List.copyOf(comparisons);
  }

  /** The comparisons that have a goal and miss it. */
  public List<Comparison> shortOfGoal() {
    return comparisons.stream().filter(c -> c.meetsGoal().equals(Optional.of(false))).toList();
  }

  public String markdown() {
    StringBuilder out = new StringBuilder();
    if (!comparisons.isEmpty()) {
      out.append("| figure | Ferry: median (range) | baseline | baseline: median (range) | ratio: median (range) | goal |\n");
      out.append("|---|---|---|---|---|---|\n");
      for (Comparison c : comparisons) {
        Series ratios = c.ratios();
        String goal = c.goal().map(g -> g.text() + (g.metBy(c.ratio()) ? ", met" : ", **missed**")).orElse("—");
        out.append("| ").append(c.figure()).append(" | ").append(c.subject().summary())
            .append(" | ").append(c.baseline().name()).append(" | ").append(c.baseline().summary())
            .append(" | **").append(Numbers.ratio(ratios.median())).append("** (")
            .append(Numbers.ratio(ratios.min())).append("–").append(Numbers.ratio(ratios.max())).append(") | ")
            .append(goal).append(" |\n");
      }
    }
    if (!figures.isEmpty()) {
      out.append(comparisons.isEmpty() ? "" : "\n");
      out.append("| part | median (range) | p90 | rounds |\n|---|---|---|---|\n");
      for (Series s : figures) {
        out.append("| ").append(s.name()).append(" | ").append(s.summary()).append(" | ")
            .append(Numbers.format(s.percentile(90))).append(' ').append(s.unit()).append(" | ")
            .append(s.rounds()).append(" |\n");
      }
    }
    if (!facts.isEmpty()) {
      out.append('\n');
      facts.forEach(f -> out.append("- ").append(f).append('\n'));
    }
    return out.toString();
  }
}
