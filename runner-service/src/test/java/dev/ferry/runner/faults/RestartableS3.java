package dev.ferry.runner.faults;

import dev.ferry.embedded.FreePorts;
import dev.ferry.embedded.InProcessS3;
import dev.ferry.testing.SharedInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;

/** An S3 server of one fault test, on a fixed port with its objects in a folder, so it can be stopped and started again. */
final class RestartableS3 implements AutoCloseable {

  private final Path data;
  private final int port;
  private InProcessS3 server;

  /** Starts the server with {@code bucket} in a folder under {@code tmp}. */
  RestartableS3(Path tmp, String bucket) throws IOException {
    data = Files.createDirectories(tmp.resolve("s3"));
    port = FreePorts.next();
    start();
    server.ensureBucket(bucket);
  }

  void start() {
    server = InProcessS3.start(data, port, SharedInfrastructure.ACCESS_KEY, SharedInfrastructure.SECRET_KEY);
  }

  void stop() {
    server.close();
  }

  URI endpoint() {
    return server.endpoint();
  }

  S3Client client() {
    return SharedInfrastructure.s3Client(server.endpoint(), SharedInfrastructure.ACCESS_KEY,
        SharedInfrastructure.SECRET_KEY);
  }

  @Override
  public void close() {
    server.close();
  }
}
