package dev.ferry.scheduler.schedule;

import dev.ferry.events.SafeNames;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code ferry_schedules.yml} strictly: unknown fields, missing fields, bad cron, unknown
 * time zones, unsafe names and duplicates are all reported at once, each with file, line, column
 * and field, before anything is scheduled.
 *
 * <pre>
 * schedules:
 *   - name: nightly
 *     schedule: "0 2 * * *"      # 5-field cron, a macro such as @hourly, or manual
 *     timezone: Europe/Amsterdam # IANA zone, default UTC
 *     commands: [dbt build]
 *     project: {repository: .., ref: main, subdirectory: analytics}
 *     target: prod
 * </pre>
 */
public final class SchedulesFileReader {

  private static final Set<String> FILE_FIELDS = Set.of("schedules");
  private static final Set<String> SCHEDULE_FIELDS =
      Set.of("name", "description", "schedule", "timezone", "commands", "project", "target");
  private static final Set<String> PROJECT_FIELDS = Set.of("repository", "ref", "subdirectory");
  private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern GIT_URL = Pattern.compile("^([a-z][a-z0-9+.-]*://|[\\w.-]+@[\\w.-]+:).+");
  private static final String MANUAL = "manual";

  private final String workspace;

  public SchedulesFileReader(String workspace) {
    this.workspace = SafeNames.requireName("workspace", workspace);
  }

  /** The schedules of {@code file}; throws {@link InvalidSchedulesException} listing every problem. */
  public List<Schedule> read(Path file) {
    Reading reading = new Reading(file);
    List<Schedule> schedules = reading.schedules(compose(file, reading));
    if (!reading.problems.isEmpty()) {
      reading.problems.sort(Comparator.comparingInt(ScheduleProblem::line).thenComparingInt(ScheduleProblem::column));
      throw new InvalidSchedulesException(reading.problems);
    }
    return schedules;
  }

  private static Node compose(Path file, Reading reading) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // reported as problems below, with their line
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return new Yaml(options).compose(in);
    } catch (NoSuchFileException e) {
      reading.problems.add(new ScheduleProblem(file, 0, 0, "", "file not found"));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      reading.problems.add(new ScheduleProblem(file, mark == null ? 0 : mark.getLine() + 1,
          mark == null ? 0 : mark.getColumn() + 1, "", "not valid YAML: " + e.getProblem()));
    } catch (YAMLException e) {
      reading.problems.add(new ScheduleProblem(file, 0, 0, "", "not valid YAML: " + e.getMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return null;
  }

  /** The state of reading one file: its problems so far. */
  private final class Reading {

    private final Path file;
    private final List<ScheduleProblem> problems = new ArrayList<>();

    Reading(Path file) {
      this.file = file;
    }

    List<Schedule> schedules(Node root) {
      if (root == null) {
        if (problems.isEmpty()) {
          problems.add(new ScheduleProblem(file, 1, 1, "", "file is empty; expected a top-level 'schedules' list"));
        }
        return List.of();
      }
      Map<String, NodeTuple> top = fields(root, "", FILE_FIELDS);
      if (top == null) {
        return List.of();
      }
      NodeTuple list = top.get("schedules");
      if (list == null) {
        problem(root, "", "missing required field 'schedules'");
        return List.of();
      }
      if (!(list.getValueNode() instanceof SequenceNode sequence)) {
        problem(list.getValueNode(), "schedules", "must be a list of schedules");
        return List.of();
      }
      List<Schedule> schedules = new ArrayList<>();
      Map<String, Integer> firstLine = new HashMap<>();
      for (int i = 0; i < sequence.getValue().size(); i++) {
        Node item = sequence.getValue().get(i);
        Schedule schedule = schedule(item, "schedules[" + i + "]");
        if (schedule == null) {
          continue;
        }
        Integer earlier = firstLine.putIfAbsent(schedule.name(), schedule.source().line());
        if (earlier != null) {
          problem(item, "schedules[" + i + "].name",
              "duplicate schedule name '" + schedule.name() + "' (first defined at line " + earlier + ")");
        } else {
          schedules.add(schedule);
        }
      }
      return schedules;
    }

    private Schedule schedule(Node node, String path) {
      Map<String, NodeTuple> fields = fields(node, path, SCHEDULE_FIELDS);
      if (fields == null) {
        return null;
      }
      int before = problems.size();
      String name = requiredText(fields, node, path, "name");
      if (name != null && !SafeNames.isName(name)) {
        problem(value(fields, "name"), path + ".name", "'" + name
            + "' is not a safe name: use 1 to 64 letters, digits, '_' or '-', starting with a letter or digit");
      }
      String description = optionalText(fields, path, "description", "");
      CronSchedule cron = cron(fields, node, path);
      ZoneId zone = zone(fields, path);
      List<List<String>> commands = commands(fields, node, path);
      Schedule.ProjectRef project = project(fields, node, path);
      String target = optionalText(fields, path, "target", null);
      if (target != null && !TARGET.matcher(target).matches()) {
        problem(value(fields, "target"), path + ".target", "'" + target + "' is not a dbt target name");
      }
      if (problems.size() > before) {
        return null;
      }
      return new Schedule(workspace, name, description, cron, zone, commands, project, target,
          new Schedule.Source(file, line(node)));
    }

    private CronSchedule cron(Map<String, NodeTuple> fields, Node node, String path) {
      String expression = requiredText(fields, node, path, "schedule");
      if (expression == null || expression.strip().equals(MANUAL)) {
        return null;
      }
      try {
        return CronSchedule.parse(expression);
      } catch (IllegalArgumentException e) {
        problem(value(fields, "schedule"), path + ".schedule", e.getMessage() + "; or use 'manual'");
        return null;
      }
    }

    private ZoneId zone(Map<String, NodeTuple> fields, String path) {
      String zone = optionalText(fields, path, "timezone", null);
      if (zone == null) {
        return ZoneOffset.UTC;
      }
      try {
        return ZoneId.of(zone);
      } catch (DateTimeException e) {
        problem(value(fields, "timezone"), path + ".timezone",
            "'" + zone + "' is not an IANA time zone such as UTC or Europe/Amsterdam");
        return null;
      }
    }

    private List<List<String>> commands(Map<String, NodeTuple> fields, Node node, String path) {
      NodeTuple tuple = fields.get("commands");
      if (tuple == null) {
        problem(node, path, "missing required field 'commands'");
        return List.of();
      }
      if (!(tuple.getValueNode() instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
        problem(tuple.getValueNode(), path + ".commands", "must be a non-empty list of dbt commands such as 'dbt build'");
        return List.of();
      }
      List<List<String>> commands = new ArrayList<>();
      for (int i = 0; i < sequence.getValue().size(); i++) {
        String itemPath = path + ".commands[" + i + "]";
        String line = text(sequence.getValue().get(i), itemPath);
        if (line == null) {
          continue;
        }
        try {
          commands.add(DbtCommandLine.split(line));
        } catch (IllegalArgumentException e) {
          problem(sequence.getValue().get(i), itemPath, e.getMessage());
        }
      }
      return commands;
    }

    private Schedule.ProjectRef project(Map<String, NodeTuple> fields, Node node, String path) {
      NodeTuple tuple = fields.get("project");
      if (tuple == null) {
        problem(node, path, "missing required field 'project'");
        return null;
      }
      String projectPath = path + ".project";
      Map<String, NodeTuple> project = fields(tuple.getValueNode(), projectPath, PROJECT_FIELDS);
      if (project == null) {
        return null;
      }
      String repository = requiredText(project, tuple.getValueNode(), projectPath, "repository");
      String ref = optionalText(project, projectPath, "ref", "HEAD");
      String subdirectory = optionalText(project, projectPath, "subdirectory", null);
      if (repository != null && !GIT_URL.matcher(repository).matches()) {
        Path local = file.toAbsolutePath().getParent().resolve(repository).normalize();
        if (!Files.isDirectory(local)) {
          problem(value(project, "repository"), projectPath + ".repository",
              "'" + repository + "' is neither a git URL nor an existing folder (looked at " + local + ")");
        }
        repository = local.toString();
      }
      if (ref != null && (ref.isBlank() || ref.startsWith("-"))) {
        problem(value(project, "ref"), projectPath + ".ref", "'" + ref + "' is not a git ref");
      }
      if (subdirectory != null && !isRelativeInside(subdirectory)) {
        problem(value(project, "subdirectory"), projectPath + ".subdirectory",
            "'" + subdirectory + "' must be a relative folder inside the repository");
      }
      return new Schedule.ProjectRef(repository, ref, subdirectory);
    }

    private static boolean isRelativeInside(String folder) {
      Path path = Path.of(folder).normalize();
      return !path.isAbsolute() && !path.startsWith("..") && !folder.isBlank();
    }

    /** The fields of a mapping by name; reports a non-mapping, unknown and repeated fields. */
    private Map<String, NodeTuple> fields(Node node, String path, Set<String> allowed) {
      if (!(node instanceof MappingNode mapping)) {
        problem(node, path, "must be a mapping of " + allowed.stream().sorted().toList());
        return null;
      }
      Map<String, NodeTuple> fields = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
        String keyPath = path.isEmpty() ? String.valueOf(key) : path + "." + key;
        if (key == null || !allowed.contains(key)) {
          problem(tuple.getKeyNode(), keyPath, "unknown field; expected one of " + allowed.stream().sorted().toList());
        } else if (fields.putIfAbsent(key, tuple) != null) {
          problem(tuple.getKeyNode(), keyPath, "given more than once");
        }
      }
      return fields;
    }

    private String requiredText(Map<String, NodeTuple> fields, Node owner, String path, String name) {
      NodeTuple tuple = fields.get(name);
      if (tuple == null) {
        problem(owner, path, "missing required field '" + name + "'");
        return null;
      }
      return text(tuple.getValueNode(), path + "." + name);
    }

    private String optionalText(Map<String, NodeTuple> fields, String path, String name, String fallback) {
      NodeTuple tuple = fields.get(name);
      return tuple == null ? fallback : text(tuple.getValueNode(), path + "." + name);
    }

    private String text(Node node, String path) {
      if (node instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
        return scalar.getValue();
      }
      problem(node, path, node instanceof ScalarNode ? "must not be empty" : "must be a single text value");
      return null;
    }

    private Node value(Map<String, NodeTuple> fields, String name) {
      return fields.get(name).getValueNode();
    }

    private void problem(Node node, String field, String message) {
      problems.add(new ScheduleProblem(file, line(node), node.getStartMark().getColumn() + 1, field, message));
    }

    private int line(Node node) {
      return node.getStartMark().getLine() + 1;
    }
  }
}
