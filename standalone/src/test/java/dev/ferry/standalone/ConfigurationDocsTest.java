package dev.ferry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.manifest.ManifestProperties;
import dev.ferry.runner.RunnerProperties;
import dev.ferry.scheduler.SchedulerProperties;
import dev.ferry.scheduler.merge.WebhookProperties;
import dev.ferry.scheduler.notify.NotificationProperties;
import dev.ferry.support.kafka.FerryKafkaProperties;
import dev.ferry.support.s3.S3Properties;
import dev.ferry.support.security.SecurityProperties;
import dev.ferry.testing.FerryHome;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** docs/configuration.md documents every ferry.* property, and the defaults it states are the real ones. */
@Tag("unit")
class ConfigurationDocsTest {

  private static final Pattern ROW = Pattern.compile("^\\| `(ferry\\.[a-z0-9.-]+?)(\\.\\*)?` \\| (.+?) \\|");

  static Stream<Class<?>> propertiesClasses() {
    return Stream.of(FerryKafkaProperties.class, S3Properties.class, SchedulerProperties.class, NotificationProperties.class,
        WebhookProperties.class, RunnerProperties.class, ManifestProperties.class, SecurityProperties.class);
  }

  @ParameterizedTest
  @MethodSource("propertiesClasses")
  void everyPropertyIsDocumentedWithItsRealDefault(Class<?> type) throws Exception {
    String prefix = type.getAnnotation(ConfigurationProperties.class).value();
    Map<String, String> documented = documentedDefaults();
    Object defaults = bind(type, prefix, Map.of());

    for (RecordComponent component : type.getRecordComponents()) {
      String property = prefix + "." + kebab(component.getName());
      assertThat(documented).as("docs/configuration.md documents %s", property).containsKey(property);
      String stated = documented.get(property);
      Object actual = component.getAccessor().invoke(defaults);
      if (stated.equals("(none)")) {
        assertThat(actual == null || actual instanceof Map<?, ?> map && map.isEmpty()
            || actual instanceof java.util.Collection<?> collection && collection.isEmpty())
            .as("%s has no default, as documented", property).isTrue();
      } else if (stated.startsWith("`")) {
        Object fromDocs = component.getAccessor().invoke(bind(type, prefix, Map.of(property, stated.replace("`", ""))));
        assertThat(fromDocs).as("documented default of %s", property).isEqualTo(actual);
      }
    }
  }

  private static Object bind(Class<?> type, String prefix, Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return Binder.get(environment).bindOrCreate(prefix, type);
  }

  private static Map<String, String> documentedDefaults() throws IOException {
    Map<String, String> defaults = new LinkedHashMap<>();
    for (String line : Files.readAllLines(FerryHome.root().resolve("docs/configuration.md"))) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        defaults.put(row.group(1), row.group(3).strip());
      }
    }
    return defaults;
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
