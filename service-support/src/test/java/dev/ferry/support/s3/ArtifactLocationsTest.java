package dev.ferry.support.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ArtifactLocationsTest {

  private static final String RUN = "0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11";

  private final ArtifactLocations locations = new ArtifactLocations("artifacts", "ferry");

  @Test
  void laysArtifactsOutByWorkspaceScheduleAndRun() {
    String key = locations.key("default", "nightly", RUN, "manifest.json");

    assertThat(key).isEqualTo("ferry/default/nightly/" + RUN + "/manifest.json");
    assertThat(locations.uri(key)).isEqualTo("s3://artifacts/ferry/default/nightly/" + RUN + "/manifest.json");
    assertThat(locations.parse(locations.uri(key))).isEqualTo(new ArtifactLocations.S3ObjectRef("artifacts", key));
  }

  @Test
  void aRetryStoresUnderItsAttemptSoTheFirstAttemptsBytesStay() {
    assertThat(locations.key("default", "nightly", RUN, 1, "manifest.json.gz"))
        .isEqualTo("ferry/default/nightly/" + RUN + "/manifest.json.gz");
    String retry = locations.key("default", "nightly", RUN, 2, "manifest.json.gz");

    assertThat(retry).isEqualTo("ferry/default/nightly/" + RUN + "/attempt-2/manifest.json.gz");
    assertThat(locations.parse(locations.uri(retry)).key()).isEqualTo(retry);
    assertThatThrownBy(() -> locations.key("default", "nightly", RUN, 0, "manifest.json")).hasMessageContaining("attempt 0");
    assertThatThrownBy(() -> locations.key("default", "nightly", RUN, 2, "../manifest.json"))
        .hasMessageContaining("artifact name");
  }

  @Test
  void refusesNamesThatWouldLeaveThePrefix() {
    assertThatThrownBy(() -> locations.key("default", "..", RUN, "manifest.json")).hasMessageContaining("schedule '..'");
    assertThatThrownBy(() -> locations.key("default", "nightly", "../x", "manifest.json")).hasMessageContaining("run id");
    assertThatThrownBy(() -> locations.key("default", "nightly", RUN, "../manifest.json")).hasMessageContaining("artifact name");
  }

  @Test
  void refusesUrisOutsideTheBucketAndPrefixOrWithDotSegments() {
    assertThatThrownBy(() -> locations.parse("s3://other/ferry/default/nightly/x/manifest.json")).hasMessageContaining("is not under");
    assertThatThrownBy(() -> locations.parse("s3://artifacts/elsewhere/manifest.json")).hasMessageContaining("is not under");
    assertThatThrownBy(() -> locations.parse("s3://artifacts/ferry/../secrets/manifest.json")).hasMessageContaining("unsafe path segment");
    assertThatThrownBy(() -> locations.parse("s3://artifacts/ferry/default//manifest.json")).hasMessageContaining("unsafe path segment ''");
  }
}
