package dev.ferry.runner.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.runner.RunnerProperties;
import dev.ferry.support.s3.ArtifactLocations;
import dev.ferry.testing.SharedInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** Artifacts above the multipart threshold go to the embedded S3 server in parts, whole and checked. */
@Tag("integration")
class MultipartUploadIntegrationTest {

  private static final String BUCKET = "multipart-test";
  private static final int MB = 1024 * 1024;

  @TempDir
  Path run;

  private final S3Client s3 = SharedInfrastructure.s3Client();

  @AfterEach
  void close() {
    s3.close();
  }

  @Test
  void aLargeArtifactIsStoredInPartsWithTheSizeAndChecksumTheIndexerChecks() throws Exception {
    SharedInfrastructure.s3().ensureBucket(BUCKET);
    ArtifactUploader uploader = new ArtifactUploader(s3, new ArtifactLocations(BUCKET, "ferry"),
        properties(Map.of("ferry.runner.multipart-threshold", "6MB", "ferry.runner.multipart-part-size", "5MB")),
        new SimpleMeterRegistry());
    Path log = Files.createDirectories(run.resolve("repo/logs")).resolve("dbt.log");
    writeLines(log, 13 * MB);
    Path small = Files.writeString(run.resolve("ferry.log"), "a small log\n");

    List<StoredArtifact> stored = uploader.upload("default", "nightly", "3f0c2a9e-1b2c-4d5e-8f90-a1b2c3d4e5f6", 1, run,
        Map.of("dbt.log", log, "ferry.log", small));

    StoredArtifact big = stored.stream().filter(a -> a.name().equals("dbt.log")).findFirst().orElseThrow();
    assertThat(big.sizeBytes()).isEqualTo(Files.size(log));
    assertThat(big.sha256()).isEqualTo(ArtifactUploader.sha256(log));
    String key = big.uri().substring(("s3://" + BUCKET + "/").length());
    HeadObjectResponse head = s3.headObject(h -> h.bucket(BUCKET).key(key));
    assertThat(head.contentLength()).isEqualTo(big.sizeBytes());
    assertThat(head.metadata()).containsEntry(ArtifactUploader.SHA256_METADATA, big.sha256());
    assertThat(head.eTag()).as("a multipart object's ETag counts its parts").endsWith("-3\"");
    Path back = run.resolve("back.log");
    s3.getObject(g -> g.bucket(BUCKET).key(key), back);
    assertThat(ArtifactUploader.sha256(back)).isEqualTo(big.sha256());
    assertThat(stored).extracting(StoredArtifact::name).contains("ferry.log");
  }

  @Test
  void anUploadThatFailsMidwayIsAbortedSoNoPartsAreLeft() throws Exception {
    SharedInfrastructure.s3().ensureBucket(BUCKET);
    String probe = s3.createMultipartUpload(c -> c.bucket(BUCKET).key("probe")).uploadId();
    assertThat(s3.listMultipartUploads(l -> l.bucket(BUCKET)).uploads()).as("the store lists open uploads").hasSize(1);
    s3.abortMultipartUpload(a -> a.bucket(BUCKET).key("probe").uploadId(probe));
    MultipartUpload upload = new MultipartUpload(s3, BUCKET, 5 * MB);
    Path unreadable = Files.createDirectories(run.resolve("not-a-file"));

    assertThatThrownBy(() -> upload.put("ferry/default/nightly/r/dbt.log", "text/plain", null, Map.of(), unreadable))
        .isInstanceOf(UncheckedIOException.class);

    assertThat(s3.listMultipartUploads(l -> l.bucket(BUCKET)).uploads()).as("no upload left open").isEmpty();
  }

  private static void writeLines(Path file, int size) throws Exception {
    Random random = new Random(7);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int written = 0; written < size; ) {
        byte[] line = ("12:00:00  " + random.nextLong() + " model ok\n").getBytes(StandardCharsets.UTF_8);
        out.write(line);
        written += line.length;
      }
    }
  }

  private static RunnerProperties properties(Map<String, Object> values) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", values));
    return Binder.get(environment).bindOrCreate("ferry.runner", RunnerProperties.class);
  }
}
