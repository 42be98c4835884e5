package dev.ferry.cli;

import dev.ferry.events.SafeNames;
import java.net.URI;
import picocli.CommandLine.Option;

/** Where the Ferry services are and which workspace to use; flags win over environment variables. */
public final class ServerOptions {

  public static final String DEFAULT_SCHEDULER_URL = "http://127.0.0.1:7071";
  public static final String DEFAULT_MANIFEST_URL = "http://127.0.0.1:7073";

  @Option(names = "--scheduler-url", paramLabel = "URL", defaultValue = "${env:FERRY_SCHEDULER_URL:-" + DEFAULT_SCHEDULER_URL + "}",
      description = "Scheduler service (env FERRY_SCHEDULER_URL; default ${DEFAULT-VALUE}).")
  String schedulerUrl;

  @Option(names = "--manifest-url", paramLabel = "URL", defaultValue = "${env:FERRY_MANIFEST_URL:-" + DEFAULT_MANIFEST_URL + "}",
      description = "Manifest service (env FERRY_MANIFEST_URL; default ${DEFAULT-VALUE}).")
  String manifestUrl;

  @Option(names = "--workspace", paramLabel = "NAME", defaultValue = "${env:FERRY_WORKSPACE:-default}",
      description = "Workspace of the schedules (env FERRY_WORKSPACE; default ${DEFAULT-VALUE}).")
  String workspace;

  public URI schedulerUrl() {
    return base(schedulerUrl, "--scheduler-url");
  }

  public URI manifestUrl() {
    return base(manifestUrl, "--manifest-url");
  }

  public String workspace() {
    if (!SafeNames.isName(workspace)) {
      throw new CliException("workspace '" + workspace + "' is not a valid name", 2);
    }
    return workspace;
  }

  private static URI base(String url, String option) {
    try {
      URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("not http(s)");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new CliException(option + " '" + url + "' is not an http(s) URL", 2);
    }
  }
}
