package dev.ferry.runner.artifacts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Stores one large file as an S3 multipart upload, part by part from a buffer of the part size.
 * An upload that fails is aborted, so that S3 keeps no orphaned parts (which cost money and are
 * invisible in listings); when the abort itself fails (S3 is away), the upload is remembered and
 * aborted before the next multipart upload starts. Safe for several slot threads at once.
 */
final class MultipartUpload {

  private static final Logger log = LoggerFactory.getLogger(MultipartUpload.class);

  private final S3Client s3;
  private final String bucket;
  private final int partSize;
  /** Uploads whose abort failed; guarded by itself. */
  private final List<Started> unaborted = new ArrayList<>();

  private record Started(String key, String uploadId) {}

  MultipartUpload(S3Client s3, String bucket, int partSize) {
    this.s3 = s3;
    this.bucket = bucket;
    this.partSize = partSize;
  }

  /** Stores {@code file} under {@code key} with the given headers and metadata; throws what S3 threw. */
  void put(String key, String contentType, String contentEncoding, Map<String, String> metadata, Path file) {
    abortUnaborted();
    Started upload = new Started(key, s3.createMultipartUpload(create -> create.bucket(bucket).key(key)
        .contentType(contentType).contentEncoding(contentEncoding).metadata(metadata)).uploadId());
    try {
      List<CompletedPart> parts = uploadParts(upload, file);
      s3.completeMultipartUpload(complete -> complete.bucket(bucket).key(key).uploadId(upload.uploadId())
          .multipartUpload(done -> done.parts(parts)));
    } catch (RuntimeException e) {
      abort(upload);
      throw e;
    }
  }

  private List<CompletedPart> uploadParts(Started upload, Path file) {
    List<CompletedPart> parts = new ArrayList<>();
    byte[] buffer = new byte[partSize];
    try (InputStream in = Files.newInputStream(file)) {
      for (int number = 1; ; number++) {
        int length = in.readNBytes(buffer, 0, buffer.length);
        if (length == 0 && number > 1) {
          return parts;
        }
        int partNumber = number;
        String eTag = s3.uploadPart(part -> part.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())
                .partNumber(partNumber).contentLength((long) length),
            RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length)).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
        if (length < buffer.length) {
          return parts;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private void abort(Started upload) {
    try {
      s3.abortMultipartUpload(abort -> abort.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
    } catch (SdkException e) {
      log.warn("Could not abort the multipart upload of {} ({}); trying again before the next one", upload.key(),
          e.getMessage());
      synchronized (unaborted) {
        unaborted.add(upload);
      }
    }
  }

  private void abortUnaborted() {
    List<Started> pending;
    synchronized (unaborted) {
      pending = List.copyOf(unaborted);
      unaborted.clear();
    }
    pending.forEach(this::abort);
  }
}
