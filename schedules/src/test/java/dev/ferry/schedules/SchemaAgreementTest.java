package dev.ferry.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.ferry.events.SafeNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * schemas/ferry_schedules.schema.json and the reader agree: the same keys at the same places, the
 * same enum values and patterns, and the same verdict on every example and fixture file.
 */
@Tag("unit")
class SchemaAgreementTest {

  private static final Path ROOT = Path.of("..");
  private static final Path SCHEMA_FILE = ROOT.resolve("schemas/ferry_schedules.schema.json");
  private static final JsonNode SCHEMA_JSON = new ObjectMapper().readTree(SCHEMA_FILE.toFile());
  private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
      .getSchema(SCHEMA_JSON.toString(), InputFormat.JSON);

  @Test
  void theSchemaNamesExactlyTheKeysTheReaderKnowsAtEachPlace() {
    Map<String, Set<String>> inSchema = new TreeMap<>();
    walk(SCHEMA_JSON, "", inSchema);

    assertThat(inSchema).isEqualTo(sorted(ScheduleFields.BY_PATH));
    assertThat(names(resolve(SCHEMA_JSON.at("/$defs/schedule")).get("required"))).isEqualTo(new TreeSet<>(ScheduleFields.REQUIRED));
  }

  @Test
  void theFullExampleUsesEveryKeyAndTheReaderAcceptsIt() throws IOException {
    Path full = SchedulesReaderTest.fixture("valid/every-field.yml");
    Map<String, Set<String>> used = new TreeMap<>();
    walkYaml(new Yaml().load(Files.readString(full)), "", used);

    assertThat(used).isEqualTo(sorted(ScheduleFields.BY_PATH));
    assertThat(new SchedulesReader("default").read(full).schedules()).hasSize(2);
  }

  @Test
  void enumValuesAndPatternsAreTheReadersOnes() {
    JsonNode schedule = SCHEMA_JSON.at("/$defs/schedule/properties");
    assertThat(values(schedule.at("/concurrency/enum"))).containsExactlyElementsOf(yamlNames(ConcurrencyPolicy.class, ConcurrencyPolicy::yamlName));
    assertThat(values(SCHEMA_JSON.at("/$defs/catchUpMode/enum"))).containsExactlyElementsOf(yamlNames(CatchUpMode.class, CatchUpMode::yamlName));
    assertThat(values(schedule.at("/trigger_on_completion/properties/statuses/items/enum")))
        .containsExactlyElementsOf(yamlNames(CompletionStatus.class, CompletionStatus::yamlName));
    assertThat(values(schedule.at("/runtime_variable_aliases/items/enum")))
        .containsExactlyElementsOf(yamlNames(RuntimeVariableAlias.class, RuntimeVariableAlias::yamlName));
    Set<String> macros = new TreeSet<>(CronSchedule.MACROS.keySet());
    macros.add(ScheduleFields.MANUAL);
    assertThat(new TreeSet<>(values(schedule.at("/schedule/anyOf/0/enum")))).isEqualTo(macros);
    assertThat(SCHEMA_JSON.at("/$defs/duration/pattern").asString()).isEqualTo(Durations.PATTERN);
    assertThat(SCHEMA_JSON.at("/$defs/name/pattern").asString()).isEqualTo("^" + SafeNames.NAME.pattern() + "$");
    assertThat(schedule.at("/target/pattern").asString()).isEqualTo("^" + FileReading.TARGET.pattern() + "$");
    assertThat(SCHEMA_JSON.at("/$defs/secret/properties/secret/pattern").asString())
        .isEqualTo("^" + FileReading.ENV_NAME.pattern() + "$");
  }

  static Stream<Path> validFiles() throws IOException {
    return Stream.concat(Stream.of(ROOT.resolve("examples/ferry_schedules.yml")), fixtures("valid"));
  }

  static Stream<Path> invalidFiles() throws IOException {
    return fixtures("invalid");
  }

  @ParameterizedTest
  @MethodSource("validFiles")
  void aValidFileIsValidForBoth(Path file) throws IOException {
    assertThat(schemaErrors(file)).isEmpty();
    assertThat(new SchedulesReader("default").read(file).schedules()).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("invalidFiles")
  void anInvalidFileIsInvalidForBoth(Path file) throws IOException {
    assertThat(schemaErrors(file)).isNotEmpty();
    assertThatThrownBy(() -> new SchedulesReader("default").read(file)).isInstanceOf(InvalidSchedulesException.class);
  }

  private static List<String> schemaErrors(Path file) throws IOException {
    return SCHEMA.validate(Files.readString(file), InputFormat.YAML).stream().map(Error::toString).toList();
  }

  private static Stream<Path> fixtures(String folder) throws IOException {
    try (Stream<Path> files = Files.list(SchedulesReaderTest.fixture(folder))) {
      List<Path> list = files.sorted().toList();
      assertThat(list).isNotEmpty();
      return list.stream();
    }
  }

  /** Records the property names of every object schema under {@code node}, by where it applies. */
  private static void walk(JsonNode node, String path, Map<String, Set<String>> found) {
    node = resolve(node);
    if (node.has("properties")) {
      found.computeIfAbsent(path, p -> new TreeSet<>()).addAll(names(node.get("properties")));
      node.get("properties").properties().forEach(e -> walk(e.getValue(), join(path, e.getKey()), found));
    }
    if (node.has("items")) {
      walk(node.get("items"), path + "[]", found);
    }
    if (node.has("additionalProperties") && node.get("additionalProperties").isObject()) {
      walk(node.get("additionalProperties"), join(path, "*"), found);
    }
    for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
      if (node.has(combinator)) {
        node.get(combinator).forEach(alternative -> walk(alternative, path, found));
      }
    }
  }

  /** Records the keys of every mapping of a YAML document, by where it stands; env keys count as '*'. */
  private static void walkYaml(Object value, String path, Map<String, Set<String>> found) {
    if (value instanceof Map<?, ?> map) {
      boolean anyKey = path.endsWith(".env");
      if (!anyKey) {
        map.keySet().forEach(key -> found.computeIfAbsent(path, p -> new TreeSet<>()).add(key.toString()));
      }
      map.forEach((key, child) -> walkYaml(child, join(path, anyKey ? "*" : key.toString()), found));
    } else if (value instanceof List<?> list) {
      list.forEach(item -> walkYaml(item, path + "[]", found));
    }
  }

  private static JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      node = SCHEMA_JSON.at(node.get("$ref").asString().substring(1));
    }
    return node;
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new TreeSet<>();
    if (node.isObject()) {
      names.addAll(node.propertyNames());
    } else {
      node.forEach(n -> names.add(n.asString()));
    }
    return names;
  }

  private static List<String> values(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }

  private static <E extends Enum<E>> List<String> yamlNames(Class<E> type, Function<E, String> name) {
    return Arrays.stream(type.getEnumConstants()).map(name).toList();
  }

  private static Map<String, Set<String>> sorted(Map<String, List<String>> byPath) {
    Map<String, Set<String>> sorted = new TreeMap<>();
    byPath.forEach((path, keys) -> sorted.put(path, new TreeSet<>(keys)));
    return sorted;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
