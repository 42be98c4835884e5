package dev.ferry.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

@Tag("unit")
class ApiSecurityConfigurationTest {

  private final WebApplicationContextRunner context = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ApiSecurityConfiguration.class));

  @Test
  void withoutTokensTheApiIsOpen() {
    context.run(c -> assertThat(c.getBean(SecurityProperties.class).enabled()).isFalse());
  }

  @Test
  void bindsTokensScopedToWorkspaces() {
    context.withPropertyValues("ferry.security.tokens[0].name=ci", "ferry.security.tokens[0].token=0123456789abcdef0",
        "ferry.security.tokens[0].workspaces=default,analytics").run(c -> {
          SecurityProperties.ApiToken token = c.getBean(SecurityProperties.class).tokens().getFirst();
          assertThat(token.allows("analytics")).isTrue();
          assertThat(token.allows("finance")).isFalse();
          assertThat(token.toString()).doesNotContain("0123456789abcdef0");
        });
  }

  @Test
  void refusesToStartWithAShortTokenOrNoWorkspaces() {
    context.withPropertyValues("ferry.security.tokens[0].name=ci", "ferry.security.tokens[0].token=short",
        "ferry.security.tokens[0].workspaces=default").run(c -> assertThat(c).hasFailed()
            .getFailure().rootCause().hasMessageContaining("at least 16 characters"));
    context.withPropertyValues("ferry.security.tokens[0].name=ci", "ferry.security.tokens[0].token=0123456789abcdef0")
        .run(c -> assertThat(c).hasFailed());
  }
}
