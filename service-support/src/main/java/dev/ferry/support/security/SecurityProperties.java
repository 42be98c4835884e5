package dev.ferry.support.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call a service's API. With no tokens configured the API is open (the standalone default
 * on loopback); with any, every call except the health and Prometheus endpoints needs one.
 *
 * @param tokens the bearer tokens the service accepts
 */
@Validated
@ConfigurationProperties("ferry.security")
public record SecurityProperties(@Valid List<ApiToken> tokens) {

  public SecurityProperties {
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
  }

  public boolean enabled() {
    return !tokens.isEmpty();
  }

  /**
   * One bearer token.
   *
   * @param name who holds it; logged instead of the token
   * @param token the secret itself, at least 16 characters (take it from a Kubernetes Secret)
   * @param workspaces the workspaces it may read and act on; {@code *} for all
   */
  public record ApiToken(
      @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String name,
      @NotBlank @Size(min = 16, message = "must be at least 16 characters") String token,
      @NotEmpty List<@NotBlank String> workspaces) {

    public boolean allows(String workspace) {
      return workspaces.contains("*") || workspaces.contains(workspace);
    }

    @Override
    public String toString() {
      return "ApiToken[name=" + name + ", workspaces=" + workspaces + "]";
    }
  }
}
