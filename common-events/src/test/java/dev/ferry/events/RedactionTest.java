package dev.ferry.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RedactionTest {

  @Test
  void removesTheUserPartOfUrlsAndNothingElse() {
    assertThat(Redaction.urls("fatal: repository 'https://bot:ghp_secret@github.com/acme/a.git/' not found"))
        .isEqualTo("fatal: repository 'https://***@github.com/acme/a.git/' not found");
    assertThat(Redaction.urls("https://github.com/acme/a.git")).isEqualTo("https://github.com/acme/a.git");
    assertThat(Redaction.urls("git@github.com:acme/a.git")).isEqualTo("git@github.com:acme/a.git");
    assertThat(Redaction.urls(null)).isNull();
  }
}
