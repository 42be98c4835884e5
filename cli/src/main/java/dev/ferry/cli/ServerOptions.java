package dev.ferry.cli;

import dev.ferry.cli.api.Service;
import dev.ferry.cli.config.FerryConfig;
import dev.ferry.cli.config.Setting;
import dev.ferry.events.SafeNames;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * Where the Ferry services are, the token and the workspace: flags, then environment variables, then
 * {@code ~/.config/ferry/config.yml}, then defaults ({@link FerryConfig}).
 */
public final class ServerOptions implements CliContext.Aware {

  @Option(names = "--url", paramLabel = "URL",
      description = "One base URL for both services, e.g. behind one ingress (env FERRY_URL; file: url).")
  String url;

  @Option(names = "--scheduler-url", paramLabel = "URL",
      description = "Scheduler service (env FERRY_SCHEDULER_URL; file: scheduler_url; default "
          + FerryConfig.DEFAULT_SCHEDULER_URL + ").")
  String schedulerUrl;

  @Option(names = "--manifest-url", paramLabel = "URL",
      description = "Manifest service (env FERRY_MANIFEST_URL; file: manifest_url; default "
          + FerryConfig.DEFAULT_MANIFEST_URL + ").")
  String manifestUrl;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Bearer token for both services (env FERRY_TOKEN; file: token). Prefer the variable or the file: "
          + "flags show up in the process list.")
  String token;

  @Option(names = "--workspace", paramLabel = "NAME",
      description = "Workspace of the schedules (env FERRY_WORKSPACE; file: workspace; default "
          + FerryConfig.DEFAULT_WORKSPACE + ").")
  String workspace;

  private CliContext context;
  private FerryConfig config;

  /** Sets the option {@code name} (as on the command line) to {@code value}; false if it was set already. */
  boolean set(String name, String value) {
    String before = switch (name) {
      case "--url" -> url;
      case "--scheduler-url" -> schedulerUrl;
      case "--manifest-url" -> manifestUrl;
      case "--token" -> token;
      case "--workspace" -> workspace;
      default -> throw new IllegalArgumentException("no server option " + name);
    };
    if (before != null) {
      return false;
    }
    switch (name) {
      case "--url" -> url = value;
      case "--scheduler-url" -> schedulerUrl = value;
      case "--manifest-url" -> manifestUrl = value;
      case "--token" -> token = value;
      default -> workspace = value;
    }
    return true;
  }

  @Override
  public void context(CliContext context) {
    this.context = context;
  }

  public CliContext context() {
    return context;
  }

  /** The effective configuration, read once. */
  public FerryConfig config() {
    if (config == null) {
      config = FerryConfig.resolve(new FerryConfig.Flags(url, schedulerUrl, manifestUrl, token, workspace), context);
    }
    return config;
  }

  public Service scheduler() {
    return new Service(base(config().schedulerUrl()), config().token().value());
  }

  public Service manifests() {
    return new Service(base(config().manifestUrl()), config().token().value());
  }

  public String workspace() {
    Setting setting = config().workspace();
    if (!SafeNames.isName(setting.value())) {
      throw new CliException("workspace '" + setting.value() + "' (" + setting.origin() + ") is not a valid name",
          ExitCodes.USAGE);
    }
    return setting.value();
  }

  private static URI base(Setting setting) {
    String url = setting.value();
    try {
      URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("not http(s)");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new CliException("'" + url + "' (" + setting.origin() + ") is not an http(s) URL", ExitCodes.USAGE);
    }
  }
}
