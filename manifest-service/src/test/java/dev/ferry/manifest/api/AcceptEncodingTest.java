package dev.ferry.manifest.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AcceptEncodingTest {

  @Test
  void readsCodingsWildcardsAndQualities() {
    assertThat(AcceptEncoding.accepts("gzip", "gzip")).isTrue();
    assertThat(AcceptEncoding.accepts("br, GZIP;q=0.5", "gzip")).isTrue();
    assertThat(AcceptEncoding.accepts("*", "gzip")).isTrue();
    assertThat(AcceptEncoding.accepts("gzip;q=0, *", "gzip")).as("an explicit refusal wins over *").isFalse();
    assertThat(AcceptEncoding.accepts("*;q=0", "gzip")).isFalse();
    assertThat(AcceptEncoding.accepts("identity", "gzip")).isFalse();
    assertThat(AcceptEncoding.accepts(null, "gzip")).isFalse();
    assertThat(AcceptEncoding.accepts("gzip;q=bogus", "gzip")).isFalse();
  }
}
