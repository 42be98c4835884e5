package dev.ferry.schedules;

import dev.ferry.events.SafeNames;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reading one schedules file: its schedules, each with where its name and references stand, and
 * every problem found in it. Checks that need all files (duplicates, references, cycles) are
 * {@link SchedulesReader}'s.
 */
final class FileReading {

  static final Pattern TARGET = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  static final Pattern BRANCH = Pattern.compile("(?!-)(?!/)(?!.*\\.\\.)(?!.*//)(?!.*\\.lock$)(?!.*/$)[A-Za-z0-9._/-]{1,200}");
  private static final Pattern GIT_URL = Pattern.compile("^([a-z][a-z0-9+.-]*://|[\\w.-]+@[\\w.-]+:).+");
  private static final int MAX_RETRIES = 10;
  private static final int MAX_CATCH_UP = 1000;

  /** Where a value stands in a file, to report a problem found later at it. */
  record Location(Path file, int line, int column, String field) {
    ScheduleProblem problem(String message) {
      return new ScheduleProblem(file, line, column, field, message);
    }
  }

  /**
   * One item of the {@code schedules} list.
   *
   * @param name its name, or null when it has none usable
   * @param triggeredBy the schedule named by its trigger_on_completion, or null
   * @param deferTo the schedule named by its defer_to, or null
   * @param schedule the schedule, or null when the item has problems
   */
  record Entry(String name, Location nameAt, String triggeredBy, Location triggeredByAt, String deferTo,
      Location deferToAt, Schedule schedule) {}

  private final String workspace;
  private final Path file;
  private final List<ScheduleProblem> problems = new ArrayList<>();

  FileReading(String workspace, Path file) {
    this.workspace = workspace;
    this.file = file;
  }

  List<ScheduleProblem> problems() {
    return problems;
  }

  List<Entry> read() {
    Node root = compose();
    if (root == null) {
      if (problems.isEmpty()) {
        problems.add(new ScheduleProblem(file, 1, 1, "", "file is empty; expected a top-level 'schedules' list"));
      }
      return List.of();
    }
    Map<String, NodeTuple> top = fields(root, "", ScheduleFields.FILE);
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
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < sequence.getValue().size(); i++) {
      Entry entry = entry(sequence.getValue().get(i), "schedules[" + i + "]");
      if (entry != null) {
        entries.add(entry);
      }
    }
    return entries;
  }

  private Node compose() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // reported as problems, with their line
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return new Yaml(options).compose(in);
    } catch (NoSuchFileException e) {
      problems.add(new ScheduleProblem(file, 0, 0, "", "file not found"));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      problems.add(new ScheduleProblem(file, mark == null ? 0 : mark.getLine() + 1,
          mark == null ? 0 : mark.getColumn() + 1, "", "not valid YAML: " + e.getProblem()));
    } catch (YAMLException e) {
      problems.add(new ScheduleProblem(file, 0, 0, "", "not valid YAML: " + e.getMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return null;
  }

  private Entry entry(Node node, String path) {
    Map<String, NodeTuple> fields = fields(node, path, ScheduleFields.SCHEDULE);
    if (fields == null) {
      return null;
    }
    int before = problems.size();
    String name = requiredText(fields, node, path, "name");
    if (name != null && !SafeNames.isName(name)) {
      problem(value(fields, "name"), path + ".name", "'" + name
          + "' is not a safe name: use 1 to 64 letters, digits, '_' or '-', starting with a letter or digit");
      name = null;
    }
    String description = optionalText(fields, path, "description", "");
    String owner = optionalText(fields, path, "owner", null);
    CronSchedule cron = cron(fields, node, path);
    ZoneId zone = zone(fields, path);
    Set<Integer> continueOnFailure = new java.util.TreeSet<>();
    List<List<String>> commands = commands(fields, node, path, continueOnFailure);
    Schedule.ProjectRef project = project(fields, node, path);
    String target = optionalText(fields, path, "target", null);
    if (target != null && !TARGET.matcher(target).matches()) {
      problem(value(fields, "target"), path + ".target", "'" + target + "' is not a dbt target name");
    }
    Map<String, EnvValue> env = env(fields, path);
    Duration timeout = duration(fields, path, "timeout", true);
    Schedule.RetryPolicy retries = retries(fields, path);
    ConcurrencyPolicy concurrency = optionalEnum(fields, path, "concurrency", ConcurrencyPolicy.class,
        ConcurrencyPolicy::yamlName, ConcurrencyPolicy.ALLOW);
    Schedule.CatchUpPolicy catchUp = catchUp(fields, path);
    Schedule.CompletionTrigger trigger = triggerOnCompletion(fields, path);
    Schedule.Notifications notifications = notifications(fields, path);
    Duration sla = duration(fields, path, "sla", true);
    Set<RuntimeVariableAlias> aliases = aliases(fields, path);
    String onMerge = optionalText(fields, path, "on_merge", null);
    if (onMerge != null && !BRANCH.matcher(onMerge).matches()) {
      problem(value(fields, "on_merge"), path + ".on_merge", "'" + onMerge + "' is not a git branch name");
    }
    String deferTo = optionalName(fields, path, "defer_to");

    Location nameAt = fields.containsKey("name") ? at(value(fields, "name"), path + ".name") : at(node, path);
    Location triggerAt = trigger == null ? null
        : at(child(value(fields, "trigger_on_completion"), "schedule"), path + ".trigger_on_completion.schedule");
    Location deferAt = deferTo == null ? null : at(value(fields, "defer_to"), path + ".defer_to");
    Schedule schedule = problems.size() > before ? null : new Schedule(workspace, name, description, owner, cron,
        zone, commands, project, target, env, timeout, retries, concurrency, catchUp, trigger, notifications, sla,
        aliases, onMerge, deferTo, new Schedule.Source(file, line(node)), continueOnFailure);
    return new Entry(name, nameAt, trigger == null ? null : trigger.schedule(), triggerAt, deferTo, deferAt, schedule);
  }

  private CronSchedule cron(Map<String, NodeTuple> fields, Node node, String path) {
    String expression = requiredText(fields, node, path, "schedule");
    if (expression == null || expression.strip().equals(ScheduleFields.MANUAL)) {
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
    if (ZoneId.getAvailableZoneIds().contains(zone)) {
      try {
        return ZoneId.of(zone);
      } catch (DateTimeException e) {
        // reported below
      }
    }
    problem(value(fields, "timezone"), path + ".timezone", "'" + zone + "' is not an IANA time zone"
        + ClosestName.to(zone, ZoneId.getAvailableZoneIds()).map(z -> "; did you mean '" + z + "'?")
            .orElse(" such as UTC or Europe/Amsterdam"));
    return null;
  }

  /** The commands' argument lists; adds the positions of those that may fail without stopping the run. */
  private List<List<String>> commands(Map<String, NodeTuple> fields, Node node, String path,
      Set<Integer> continueOnFailure) {
    NodeTuple tuple = fields.get("commands");
    if (tuple == null) {
      problem(node, path, "missing required field 'commands'");
      return List.of();
    }
    if (!(tuple.getValueNode() instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
      problem(tuple.getValueNode(), path + ".commands", "must be a non-empty list of dbt commands such as 'dbt build'"
          + " or {command: 'dbt build', continue_on_failure: true}");
      return List.of();
    }
    List<List<String>> commands = new ArrayList<>();
    for (int i = 0; i < sequence.getValue().size(); i++) {
      String itemPath = path + ".commands[" + i + "]";
      Node item = sequence.getValue().get(i);
      boolean continues = false;
      if (item instanceof MappingNode) {
        Map<String, NodeTuple> command = fields(item, itemPath, ScheduleFields.COMMAND);
        if (command == null) {
          continue;
        }
        if (!command.containsKey("command")) {
          problem(item, itemPath, "missing required field 'command'");
          continue;
        }
        continues = command.containsKey("continue_on_failure")
            && Boolean.TRUE.equals(bool(value(command, "continue_on_failure"), itemPath + ".continue_on_failure"));
        item = value(command, "command");
        itemPath += ".command";
      }
      String line = text(item, itemPath);
      if (line == null) {
        continue;
      }
      try {
        commands.add(DbtCommandLine.split(line));
        if (continues) {
          continueOnFailure.add(commands.size() - 1);
        }
      } catch (IllegalArgumentException e) {
        problem(item, itemPath, e.getMessage());
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
    Map<String, NodeTuple> project = fields(tuple.getValueNode(), projectPath, ScheduleFields.PROJECT);
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

  private Map<String, EnvValue> env(Map<String, NodeTuple> fields, String path) {
    NodeTuple tuple = fields.get("env");
    if (tuple == null) {
      return Map.of();
    }
    if (!(tuple.getValueNode() instanceof MappingNode mapping)) {
      problem(tuple.getValueNode(), path + ".env", "must be a mapping of variable names to values or {secret: NAME}");
      return Map.of();
    }
    Map<String, EnvValue> env = new LinkedHashMap<>();
    for (NodeTuple variable : mapping.getValue()) {
      String key = variable.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
      String keyPath = path + ".env." + key;
      if (key == null || !ENV_NAME.matcher(key).matches()) {
        problem(variable.getKeyNode(), keyPath, "'" + key + "' is not an environment variable name: letters, digits"
            + " and '_', not starting with a digit");
      } else if (key.startsWith("FERRY_")) {
        problem(variable.getKeyNode(), keyPath, "FERRY_* names are Ferry's runtime variables; choose another name");
      } else if (env.containsKey(key)) {
        problem(variable.getKeyNode(), keyPath, "given more than once");
      } else {
        EnvValue value = envValue(variable.getValueNode(), keyPath);
        if (value != null) {
          env.put(key, value);
        }
      }
    }
    return env;
  }

  private EnvValue envValue(Node node, String path) {
    if (node instanceof MappingNode) {
      String secret = secretName(node, path);
      return secret == null ? null : new EnvValue.SecretRef(secret);
    }
    if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
      return new EnvValue.Literal(scalar.getValue());
    }
    problem(node, path, "must be a value or {secret: NAME}");
    return null;
  }

  /** The name in {@code {secret: NAME}}. */
  private String secretName(Node node, String path) {
    Map<String, NodeTuple> secret = fields(node, path, ScheduleFields.SECRET);
    if (secret == null) {
      return null;
    }
    String name = requiredText(secret, node, path, "secret");
    if (name != null && !ENV_NAME.matcher(name).matches()) {
      problem(value(secret, "secret"), path + ".secret", "'" + name + "' is not a secret name: letters, digits"
          + " and '_', not starting with a digit");
      return null;
    }
    return name;
  }

  private Duration duration(Map<String, NodeTuple> fields, String path, String name, boolean positive) {
    String text = optionalText(fields, path, name, null);
    return text == null ? null : duration(value(fields, name), path + "." + name, text, positive);
  }

  private Duration duration(Node node, String path, String text, boolean positive) {
    try {
      Duration duration = Durations.parse(text);
      if (positive && duration.isZero()) {
        problem(node, path, "must be longer than 0s");
        return null;
      }
      return duration;
    } catch (IllegalArgumentException e) {
      problem(node, path, e.getMessage());
      return null;
    }
  }

  private Schedule.RetryPolicy retries(Map<String, NodeTuple> fields, String path) {
    NodeTuple tuple = fields.get("retries");
    if (tuple == null) {
      return Schedule.RetryPolicy.NONE;
    }
    String retriesPath = path + ".retries";
    Map<String, NodeTuple> retries = fields(tuple.getValueNode(), retriesPath, ScheduleFields.RETRIES);
    if (retries == null) {
      return null;
    }
    Integer count = null;
    if (!retries.containsKey("count")) {
      problem(tuple.getValueNode(), retriesPath, "missing required field 'count'");
    } else {
      count = integer(value(retries, "count"), retriesPath + ".count", 0, MAX_RETRIES);
    }
    Duration backoff = retries.containsKey("backoff")
        ? duration(retries, retriesPath, "backoff", false) : Schedule.RetryPolicy.DEFAULT_BACKOFF;
    return count == null || backoff == null ? null : new Schedule.RetryPolicy(count, backoff);
  }

  private Schedule.CatchUpPolicy catchUp(Map<String, NodeTuple> fields, String path) {
    NodeTuple tuple = fields.get("catch_up");
    if (tuple == null) {
      return Schedule.CatchUpPolicy.LATEST;
    }
    String catchUpPath = path + ".catch_up";
    if (tuple.getValueNode() instanceof ScalarNode) {
      CatchUpMode mode = enumValue(tuple.getValueNode(), catchUpPath, CatchUpMode.class, CatchUpMode::yamlName);
      return mode == null ? null : policy(mode, null);
    }
    Map<String, NodeTuple> catchUp = fields(tuple.getValueNode(), catchUpPath, ScheduleFields.CATCH_UP);
    if (catchUp == null) {
      return null;
    }
    if (!catchUp.containsKey("mode")) {
      problem(tuple.getValueNode(), catchUpPath, "missing required field 'mode'");
      return null;
    }
    CatchUpMode mode = enumValue(value(catchUp, "mode"), catchUpPath + ".mode", CatchUpMode.class, CatchUpMode::yamlName);
    Integer limit = null;
    if (catchUp.containsKey("limit")) {
      limit = integer(value(catchUp, "limit"), catchUpPath + ".limit", 1, MAX_CATCH_UP);
      if (mode != null && mode != CatchUpMode.ALL) {
        problem(value(catchUp, "limit"), catchUpPath + ".limit", "applies to mode 'all' only");
        return null;
      }
    }
    return mode == null ? null : policy(mode, limit);
  }

  private static Schedule.CatchUpPolicy policy(CatchUpMode mode, Integer limit) {
    return new Schedule.CatchUpPolicy(mode,
        mode != CatchUpMode.ALL ? 0 : limit != null ? limit : Schedule.CatchUpPolicy.DEFAULT_LIMIT);
  }

  private Schedule.CompletionTrigger triggerOnCompletion(Map<String, NodeTuple> fields, String path) {
    NodeTuple tuple = fields.get("trigger_on_completion");
    if (tuple == null) {
      return null;
    }
    String triggerPath = path + ".trigger_on_completion";
    Map<String, NodeTuple> trigger = fields(tuple.getValueNode(), triggerPath, ScheduleFields.TRIGGER_ON_COMPLETION);
    if (trigger == null) {
      return null;
    }
    if (!trigger.containsKey("schedule")) {
      problem(tuple.getValueNode(), triggerPath, "missing required field 'schedule'");
      return null;
    }
    String schedule = optionalName(trigger, triggerPath, "schedule");
    Set<CompletionStatus> statuses = EnumSet.of(CompletionStatus.SUCCEEDED);
    if (trigger.containsKey("statuses")) {
      List<CompletionStatus> listed = enumList(value(trigger, "statuses"), triggerPath + ".statuses",
          CompletionStatus.class, CompletionStatus::yamlName);
      statuses = listed == null ? null : EnumSet.copyOf(listed);
    }
    return schedule == null || statuses == null ? null : new Schedule.CompletionTrigger(schedule, statuses);
  }

  private Schedule.Notifications notifications(Map<String, NodeTuple> fields, String path) {
    NodeTuple tuple = fields.get("notifications");
    if (tuple == null) {
      return Schedule.Notifications.NONE;
    }
    String notificationsPath = path + ".notifications";
    Map<String, NodeTuple> notifications = fields(tuple.getValueNode(), notificationsPath, ScheduleFields.NOTIFICATIONS);
    if (notifications == null) {
      return null;
    }
    List<Webhook> failure = webhooks(notifications, notificationsPath, "failure");
    List<Webhook> success = webhooks(notifications, notificationsPath, "success");
    List<Webhook> slaMiss = webhooks(notifications, notificationsPath, "sla_miss");
    return failure == null || success == null || slaMiss == null ? null
        : new Schedule.Notifications(failure, success, slaMiss);
  }

  private List<Webhook> webhooks(Map<String, NodeTuple> fields, String path, String name) {
    NodeTuple tuple = fields.get(name);
    if (tuple == null) {
      return List.of();
    }
    String listPath = path + "." + name;
    if (!(tuple.getValueNode() instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
      problem(tuple.getValueNode(), listPath, "must be a non-empty list of webhook URLs or {secret: NAME}");
      return null;
    }
    List<Webhook> webhooks = new ArrayList<>();
    for (int i = 0; i < sequence.getValue().size(); i++) {
      Node item = sequence.getValue().get(i);
      String itemPath = listPath + "[" + i + "]";
      if (item instanceof MappingNode) {
        String secret = secretName(item, itemPath);
        webhooks.add(secret == null ? null : new Webhook.Secret(secret));
      } else {
        String url = text(item, itemPath);
        webhooks.add(url == null ? null : webhookUrl(item, itemPath, url));
      }
    }
    return webhooks.contains(null) ? null : webhooks;
  }

  private Webhook webhookUrl(Node node, String path, String url) {
    try {
      URI uri = new URI(url);
      if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
        return new Webhook.Url(uri);
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    problem(node, path, "is not an http(s) URL (the value is not shown: webhook URLs often hold a token)");
    return null;
  }

  private Set<RuntimeVariableAlias> aliases(Map<String, NodeTuple> fields, String path) {
    if (!fields.containsKey("runtime_variable_aliases")) {
      return Set.of();
    }
    List<RuntimeVariableAlias> aliases = enumList(value(fields, "runtime_variable_aliases"),
        path + ".runtime_variable_aliases", RuntimeVariableAlias.class, RuntimeVariableAlias::yamlName);
    return aliases == null ? null : new LinkedHashSet<>(aliases);
  }

  private <E extends Enum<E>> E optionalEnum(Map<String, NodeTuple> fields, String path, String name, Class<E> type,
      Function<E, String> yamlName, E fallback) {
    return fields.containsKey(name) ? enumValue(value(fields, name), path + "." + name, type, yamlName) : fallback;
  }

  /** A non-empty list of distinct enum values, or null after reporting what is wrong. */
  private <E extends Enum<E>> List<E> enumList(Node node, String path, Class<E> type, Function<E, String> yamlName) {
    if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
      problem(node, path, "must be a non-empty list of " + names(type, yamlName));
      return null;
    }
    List<E> values = new ArrayList<>();
    boolean bad = false;
    for (int i = 0; i < sequence.getValue().size(); i++) {
      Node item = sequence.getValue().get(i);
      E value = enumValue(item, path + "[" + i + "]", type, yamlName);
      if (value == null) {
        bad = true;
      } else if (values.contains(value)) {
        problem(item, path + "[" + i + "]", "'" + yamlName.apply(value) + "' is listed twice");
        bad = true;
      } else {
        values.add(value);
      }
    }
    return bad ? null : values;
  }

  private <E extends Enum<E>> E enumValue(Node node, String path, Class<E> type, Function<E, String> yamlName) {
    String text = text(node, path);
    if (text == null) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (yamlName.apply(constant).equals(text)) {
        return constant;
      }
    }
    List<String> names = names(type, yamlName);
    problem(node, path, "'" + text + "' is not one of " + String.join(", ", names)
        + ClosestName.to(text, names).map(n -> "; did you mean '" + n + "'?").orElse(""));
    return null;
  }

  private static <E extends Enum<E>> List<String> names(Class<E> type, Function<E, String> yamlName) {
    return Arrays.stream(type.getEnumConstants()).map(yamlName).toList();
  }

  /** A YAML boolean, or null after reporting what is wrong. */
  private Boolean bool(Node node, String path) {
    if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)
        && scalar.getValue().matches("(?i)true|false")) {
      return Boolean.parseBoolean(scalar.getValue());
    }
    problem(node, path, "must be true or false");
    return null;
  }

  private Integer integer(Node node, String path, int min, int max) {
    if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT) && scalar.getValue().matches("\\d{1,9}")) {
      int value = Integer.parseInt(scalar.getValue());
      if (value >= min && value <= max) {
        return value;
      }
    }
    problem(node, path, "must be a whole number from " + min + " to " + max);
    return null;
  }

  /** A schedule name, checked to be safe; whether it exists is checked across all files. */
  private String optionalName(Map<String, NodeTuple> fields, String path, String name) {
    String text = optionalText(fields, path, name, null);
    if (text != null && !SafeNames.isName(text)) {
      problem(value(fields, name), path + "." + name, "'" + text + "' is not a schedule name");
      return null;
    }
    return text;
  }

  /** The fields of a mapping by name; reports a non-mapping, unknown and repeated fields. */
  private Map<String, NodeTuple> fields(Node node, String path, List<String> allowed) {
    if (!(node instanceof MappingNode mapping)) {
      problem(node, path, "must be a mapping of " + allowed);
      return null;
    }
    Map<String, NodeTuple> fields = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
      String keyPath = path.isEmpty() ? String.valueOf(key) : path + "." + key;
      if (key == null || !allowed.contains(key)) {
        problem(tuple.getKeyNode(), keyPath, "unknown field" + (key == null ? "" : ClosestName.to(key, allowed)
            .map(k -> "; did you mean '" + k + "'?").orElse("; expected one of " + allowed.stream().sorted().toList())));
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

  /** A text value; YAML numbers, booleans and dates are refused, as the JSON Schema refuses them. */
  private String text(Node node, String path) {
    if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.STR) && !scalar.getValue().isBlank()) {
      return scalar.getValue();
    }
    if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.STR) && !scalar.getTag().equals(Tag.NULL)) {
      problem(node, path, "must be text, and '" + scalar.getValue() + "' reads as a YAML "
          + scalar.getTag().getClassName().toLowerCase(java.util.Locale.ROOT) + "; put it in quotes");
      return null;
    }
    problem(node, path, node instanceof ScalarNode ? "must not be empty" : "must be a single text value");
    return null;
  }

  /** The value of {@code key} in a mapping already read without problems. */
  private static Node child(Node mapping, String key) {
    return ((MappingNode) mapping).getValue().stream()
        .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
        .findFirst().orElseThrow().getValueNode();
  }

  private static Node value(Map<String, NodeTuple> fields, String name) {
    return fields.get(name).getValueNode();
  }

  private Location at(Node node, String field) {
    return new Location(file, line(node), node.getStartMark().getColumn() + 1, field);
  }

  private void problem(Node node, String field, String message) {
    problems.add(at(node, field).problem(message));
  }

  private static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }
}
