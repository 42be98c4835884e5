package dev.ferry.manifest.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.manifest.ManifestApplication;
import dev.ferry.testing.HttpProbe;
import dev.ferry.testing.SharedInfrastructure;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With {@code ferry.security.tokens} set, the real service answers only callers with a token for the workspace. */
@Tag("integration")
@SpringBootTest(classes = ManifestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.name=manifest",
        "ferry.security.tokens[0].name=analytics-team", "ferry.security.tokens[0].token=" + ManifestApiSecurityTest.TOKEN,
        "ferry.security.tokens[0].workspaces=analytics"})
class ManifestApiSecurityTest {

  static final String TOKEN = "s3cr3t-analytics-token-0001";
  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedInfrastructure.serviceProperties(PREFIX, "manifest-security-test").forEach(registry::add);
  }

  @LocalServerPort
  int port;

  @Test
  void everyApiCallNeedsATokenForItsWorkspace() {
    String analytics = "/api/v1/workspaces/analytics/schedules/nightly/manifest";
    assertThat(get(analytics).statusCode()).isEqualTo(401);
    assertThat(get(analytics, "Authorization", "Bearer not-the-token-at-all").statusCode()).isEqualTo(401);
    assertThat(get(analytics, "Authorization", "Bearer " + TOKEN).statusCode()).as("known token, no manifest yet")
        .isEqualTo(404);
    HttpResponse<byte[]> forbidden = get("/api/v1/workspaces/finance/schedules/nightly/manifests",
        "Authorization", "Bearer " + TOKEN);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(get("/v3/api-docs").statusCode()).isEqualTo(401);
    assertThat(get("/v3/api-docs", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void probesAndScrapesNeedNoToken() {
    assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(200);
    assertThat(get("/actuator/info").statusCode()).isEqualTo(401);
  }

  private HttpResponse<byte[]> get(String path, String... headers) {
    return HttpProbe.get(URI.create("http://127.0.0.1:" + port + path), headers);
  }
}
