package dev.ferry.cli.api;

import dev.ferry.cli.manifest.ManifestQuery;
import tools.jackson.databind.JsonNode;

/** The manifest service's JSON endpoints: what is known of a defer target, without its bytes. */
public final class ManifestApi {

  private final FerryHttp http;
  private final Service service;

  public ManifestApi(FerryHttp http, Service service) {
    this.http = http;
    this.service = service;
  }

  /** {@code GET …/manifest/metadata}: run, status, git SHA, dbt and schema versions, node counts, size. */
  public JsonNode metadata(String workspace, ManifestQuery query) {
    return http.get(service, "/api/v1/workspaces/" + workspace + "/schedules/" + query.schedule() + "/manifest/metadata"
        + query.queryString());
  }
}
