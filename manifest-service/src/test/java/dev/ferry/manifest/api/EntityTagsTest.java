package dev.ferry.manifest.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class EntityTagsTest {

  private static final String SHA = "ab".repeat(32);

  @Test
  void quotesTheSha() {
    assertThat(EntityTags.of(SHA)).isEqualTo("\"" + SHA + "\"");
  }

  @Test
  void matchesQuotedWeakListedAndWildcardTags() {
    assertThat(EntityTags.matches("\"" + SHA + "\"", SHA)).isTrue();
    assertThat(EntityTags.matches("W/\"" + SHA + "\"", SHA)).isTrue();
    assertThat(EntityTags.matches("\"other\", \"" + SHA + "\"", SHA)).isTrue();
    assertThat(EntityTags.matches("*", SHA)).isTrue();
  }

  @Test
  void doesNotMatchAnotherTagOrNone() {
    assertThat(EntityTags.matches("\"" + "cd".repeat(32) + "\"", SHA)).isFalse();
    assertThat(EntityTags.matches(null, SHA)).isFalse();
    assertThat(EntityTags.matches("", SHA)).isFalse();
  }
}
