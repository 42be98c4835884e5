package dev.ferry.support.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request through when it carries a configured bearer token that may act on the workspace
 * its path names ({@code /api/v1/workspaces/{workspace}/...}); any known token for paths that name
 * none. Answers 401 for a missing or unknown token and 403 for a workspace the token does not
 * cover, both as {@code application/problem+json}. Health and Prometheus stay open for probes and
 * scrapers, and the merge webhooks ({@code .../webhooks/github}) for git providers, which sign them. Tokens are compared by their SHA-256 in constant time and never logged.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);
  private static final java.util.regex.Pattern WORKSPACE_PATH =
      java.util.regex.Pattern.compile("^/api/v\\d+/workspaces/([^/]+)(?:/.*)?$");
  private static final List<String> OPEN_PATHS = List.of("/actuator/health", "/actuator/prometheus");
  /** Git providers' webhooks carry their own proof (an HMAC signature, a token), checked by their endpoint. */
  private static final java.util.regex.Pattern WEBHOOK_PATH =
      java.util.regex.Pattern.compile("^/api/v\\d+/workspaces/[^/]+/webhooks/[^/]+$");

  private final List<KnownToken> tokens;

  BearerTokenFilter(SecurityProperties properties) {
    this.tokens = properties.tokens().stream().map(t -> new KnownToken(t, SecretDigests.digest(t.token()))).toList();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return tokens.isEmpty() || OPEN_PATHS.stream().anyMatch(open -> path.equals(open) || path.startsWith(open + "/"))
        || WEBHOOK_PATH.matcher(path).matches();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<SecurityProperties.ApiToken> token = bearer(request.getHeader("Authorization")).flatMap(this::known);
    if (token.isEmpty()) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"ferry\"");
      problem(response, 401, "Unauthorized", "This API needs an 'Authorization: Bearer <token>' header with a token "
          + "the service knows (ferry.security.tokens).");
      return;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Matcher workspace = WORKSPACE_PATH.matcher(path);
    if (workspace.matches() && !token.get().allows(workspace.group(1))) {
      log.info("Token '{}' refused for workspace '{}'", token.get().name(), workspace.group(1));
      problem(response, 403, "Forbidden", "The token '" + token.get().name() + "' may not act on workspace '"
          + workspace.group(1) + "'.");
      return;
    }
    chain.doFilter(request, response);
  }

  private static Optional<String> bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String value = header.substring(7).strip();
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** Looks at every token, so the time taken does not say which one, or how much of one, matched. */
  private Optional<SecurityProperties.ApiToken> known(String presented) {
    byte[] digest = SecretDigests.digest(presented);
    SecurityProperties.ApiToken match = null;
    for (KnownToken token : tokens) {
      if (MessageDigest.isEqual(token.digest(), digest)) {
        match = token.token();
      }
    }
    return Optional.ofNullable(match);
  }

  private static void problem(HttpServletResponse response, int status, String title, String detail)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
        + ",\"detail\":\"" + jsonEscaped(detail) + "\"}");
  }

  static String jsonEscaped(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private record KnownToken(SecurityProperties.ApiToken token, byte[] digest) {}
}
