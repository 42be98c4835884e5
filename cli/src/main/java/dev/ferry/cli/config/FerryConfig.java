package dev.ferry.cli.config;

import dev.ferry.cli.CliContext;
import dev.ferry.cli.config.Setting.Source;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the Ferry services are, which token and workspace to use, each value with where it came
 * from. Strongest first: flags, environment variables, the config file, defaults. Within a layer the
 * per-service setting ({@code --scheduler-url}, {@code FERRY_SCHEDULER_URL}, {@code scheduler_url})
 * beats the one base for both ({@code --url}, {@code FERRY_URL}, {@code url}).
 */
public record FerryConfig(Setting schedulerUrl, Setting manifestUrl, Setting token, Setting workspace, ConfigFile file) {

  public static final String DEFAULT_SCHEDULER_URL = "http://127.0.0.1:7071";
  public static final String DEFAULT_MANIFEST_URL = "http://127.0.0.1:7073";
  public static final String DEFAULT_WORKSPACE = "default";

  public static final String ENV_URL = "FERRY_URL";
  public static final String ENV_SCHEDULER_URL = "FERRY_SCHEDULER_URL";
  public static final String ENV_MANIFEST_URL = "FERRY_MANIFEST_URL";
  public static final String ENV_TOKEN = "FERRY_TOKEN";
  public static final String ENV_WORKSPACE = "FERRY_WORKSPACE";

  /** The values given as flags; null where a flag was not given. */
  public record Flags(String url, String schedulerUrl, String manifestUrl, String token, String workspace) {

    public static Flags none() {
      return new Flags(null, null, null, null, null);
    }
  }

  public static FerryConfig resolve(Flags flags, CliContext context) {
    ConfigFile file = ConfigFile.read(ConfigFile.standardPath(context.env(), context.userHome().toString()));
    Layers layers = new Layers(context, file);
    return new FerryConfig(
        layers.first(
            layers.flag("--scheduler-url", flags.schedulerUrl()), layers.flag("--url", flags.url()),
            layers.env(ENV_SCHEDULER_URL), layers.env(ENV_URL),
            layers.file(ConfigFile.SCHEDULER_URL), layers.file(ConfigFile.URL),
            layers.byDefault(DEFAULT_SCHEDULER_URL)),
        layers.first(
            layers.flag("--manifest-url", flags.manifestUrl()), layers.flag("--url", flags.url()),
            layers.env(ENV_MANIFEST_URL), layers.env(ENV_URL),
            layers.file(ConfigFile.MANIFEST_URL), layers.file(ConfigFile.URL),
            layers.byDefault(DEFAULT_MANIFEST_URL)),
        layers.first(layers.flag("--token", flags.token()), layers.env(ENV_TOKEN), layers.file(ConfigFile.TOKEN)),
        layers.first(layers.flag("--workspace", flags.workspace()), layers.env(ENV_WORKSPACE),
            layers.file(ConfigFile.WORKSPACE), layers.byDefault(DEFAULT_WORKSPACE)),
        file);
  }

  /** {@code name  value  source} lines for {@code ferry config show}; the token is masked. */
  public List<String[]> rows() {
    List<String[]> rows = new ArrayList<>();
    rows.add(row("scheduler_url", schedulerUrl, schedulerUrl.value()));
    rows.add(row("manifest_url", manifestUrl, manifestUrl.value()));
    rows.add(row("workspace", workspace, workspace.value()));
    rows.add(row("token", token, token.isSet() ? "******** (set, " + token.value().length() + " characters)" : "-"));
    return rows;
  }

  private static String[] row(String name, Setting setting, String shown) {
    return new String[] {name, shown, setting.origin()};
  }

  private record Layers(CliContext context, ConfigFile file) {

    Setting flag(String name, String value) {
      return value == null ? null : new Setting(value, Source.FLAG, "flag " + name);
    }

    Setting env(String name) {
      String value = context.var(name);
      return value == null ? null : new Setting(value, Source.ENV, "env " + name);
    }

    Setting file(String key) {
      String value = file.get(key);
      return value == null ? null : new Setting(value, Source.FILE, "file " + file.path() + " (" + key + ")");
    }

    Setting byDefault(String value) {
      return new Setting(value, Source.DEFAULT, "default");
    }

    Setting first(Setting... candidates) {
      for (Setting candidate : candidates) {
        if (candidate != null) {
          return candidate;
        }
      }
      return Setting.unset();
    }
  }
}
