package dev.ferry.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

@Tag("unit")
class BearerTokenFilterTest {

  private static final String ANALYST = "analyst-token-0123456789";
  private static final String ADMIN = "admin-token-0123456789ab";

  private final BearerTokenFilter filter = new BearerTokenFilter(new SecurityProperties(List.of(
      new SecurityProperties.ApiToken("analyst", ANALYST, List.of("default")),
      new SecurityProperties.ApiToken("admin", ADMIN, List.of("*")))));

  @Test
  void aTokenForTheWorkspaceGoesThrough() throws Exception {
    assertThat(call("/api/v1/workspaces/default/schedules/nightly/manifest", ANALYST).getStatus()).isEqualTo(200);
    assertThat(call("/api/v1/workspaces/finance/schedules/nightly/manifest", ADMIN).getStatus()).isEqualTo(200);
    assertThat(call("/api/v1/runs/abc", ANALYST).getStatus()).as("a path naming no workspace").isEqualTo(200);
  }

  @Test
  void aMissingOrUnknownTokenIs401AndAnotherWorkspaceIs403AsProblems() throws Exception {
    MockHttpServletResponse missing = call("/api/v1/workspaces/default/schedules", null);
    assertThat(missing.getStatus()).isEqualTo(401);
    assertThat(missing.getContentType()).startsWith("application/problem+json");
    assertThat(missing.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(call("/api/v1/workspaces/default/schedules", ANALYST + "x").getStatus()).isEqualTo(401);
    assertThat(call("/v3/api-docs", "wrong").getStatus()).isEqualTo(401);

    MockHttpServletResponse forbidden = call("/api/v1/workspaces/finance/schedules/nightly/manifest", ANALYST);
    assertThat(forbidden.getStatus()).isEqualTo(403);
    assertThat(forbidden.getContentAsString()).contains("\"status\":403").contains("'analyst'").contains("'finance'")
        .doesNotContain(ANALYST);
  }

  @Test
  void healthAndPrometheusStayOpenButNotInfo() throws Exception {
    assertThat(call("/actuator/health/readiness", null).getStatus()).isEqualTo(200);
    assertThat(call("/actuator/prometheus", null).getStatus()).isEqualTo(200);
    assertThat(call("/actuator/info", null).getStatus()).isEqualTo(401);
    assertThat(call("/actuator/healthz", null).getStatus()).isEqualTo(401);
  }

  @Test
  void mergeWebhooksPassWithoutABearerTokenButNothingBesideThem() throws Exception {
    assertThat(call("/api/v1/workspaces/default/webhooks/github", null).getStatus()).isEqualTo(200);
    assertThat(call("/api/v1/workspaces/default/webhooks/gitlab", null).getStatus()).isEqualTo(200);
    assertThat(call("/api/v1/workspaces/default/webhooks/github/x", null).getStatus()).isEqualTo(401);
    assertThat(call("/api/v1/workspaces/default/schedules/webhooks", null).getStatus()).isEqualTo(401);
  }

  @Test
  void withoutConfiguredTokensEverythingIsOpen() throws Exception {
    BearerTokenFilter open = new BearerTokenFilter(new SecurityProperties(null));
    MockHttpServletResponse response = new MockHttpServletResponse();
    open.doFilter(request("/api/v1/workspaces/default/schedules", null), response, new MockFilterChain());
    assertThat(response.getStatus()).isEqualTo(200);
  }

  private MockHttpServletResponse call(String path, String token) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request(path, token), response, chain);
    assertThat(chain.getRequest() != null).as("the request went on").isEqualTo(response.getStatus() == 200);
    return response;
  }

  private static MockHttpServletRequest request(String path, String token) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    if (token != null) {
      request.addHeader("Authorization", "Bearer " + token);
    }
    return request;
  }
}
