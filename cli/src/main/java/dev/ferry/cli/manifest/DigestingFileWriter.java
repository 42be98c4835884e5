package dev.ferry.cli.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Copies a stream into a file and returns the SHA-256 of what it wrote, in two stages that run at the
 * same time: the calling thread reads (and, for a download, decompresses), a second thread hashes and
 * writes. Hashing 100 MB takes about as long as inflating it, so on two cores the hash costs almost
 * nothing; one thread doing both, a cold fetch took about 1.7× a plain download-and-gunzip
 * (docs/benchmarks.md, fetch). A few large buffers go round between the two; nothing is copied twice.
 */
final class DigestingFileWriter {

  private static final int CHUNK = 256 * 1024;
  private static final int CHUNKS = 4;
  /** Stands for the end of the stream in the queue of filled chunks. */
  private static final ByteBuffer END = ByteBuffer.allocate(0);

  private DigestingFileWriter() {}

  /** Reads {@code in} to its end into {@code target} (created or truncated); returns the lower-case hex SHA-256. */
  static String copy(InputStream in, Path target) throws IOException {
    BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(CHUNKS);
    BlockingQueue<ByteBuffer> filled = new ArrayBlockingQueue<>(CHUNKS + 1);
    for (int i = 0; i < CHUNKS; i++) {
      free.add(ByteBuffer.allocate(CHUNK));
    }
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      Writer writer = new Writer(out, free, filled);
      Thread thread = new Thread(writer, "ferry-manifest-writer");
      thread.setDaemon(true);
      thread.start();
      try {
        read(in, free, filled, writer);
      } catch (IOException | RuntimeException e) {
        thread.interrupt();
        throw e;
      } finally {
        join(thread);
      }
      return writer.result();
    }
  }

  private static void read(InputStream in, BlockingQueue<ByteBuffer> free, BlockingQueue<ByteBuffer> filled,
      Writer writer) throws IOException {
    try {
      while (true) {
        ByteBuffer chunk = free.take();
        writer.rethrow();
        int n = in.readNBytes(chunk.array(), 0, CHUNK);
        chunk.clear().limit(n);
        if (n > 0) {
          filled.put(chunk);
        }
        if (n < CHUNK) {
          filled.put(END);
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while downloading");
    }
  }

  private static void join(Thread thread) throws InterruptedIOException {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing");
    }
  }

  /** The second stage: hashes and writes each filled chunk, then hands it back. Owns the digest. */
  private static final class Writer implements Runnable {

    private final FileChannel out;
    private final BlockingQueue<ByteBuffer> free;
    private final BlockingQueue<ByteBuffer> filled;
    private final MessageDigest sha = sha256();
    private volatile Throwable failure;
    private volatile String hex;

    Writer(FileChannel out, BlockingQueue<ByteBuffer> free, BlockingQueue<ByteBuffer> filled) {
      this.out = out;
      this.free = free;
      this.filled = filled;
    }

    @Override
    public void run() {
      try {
        for (ByteBuffer chunk = filled.take(); chunk != END; chunk = filled.take()) {
          sha.update(chunk.array(), 0, chunk.limit());
          while (chunk.hasRemaining()) {
            out.write(chunk);
          }
          free.put(chunk);
        }
        hex = HexFormat.of().formatHex(sha.digest());
      } catch (IOException | RuntimeException | Error e) {
        failure = e;
        free.clear();
        free.offer(ByteBuffer.allocate(CHUNK)); // wakes the reader, which then sees the failure
      } catch (InterruptedException e) {
        failure = e; // the reader failed and gave up
      }
    }

    /** Throws what went wrong on this stage, so that the reader stops at once. */
    void rethrow() throws IOException {
      Throwable thrown = failure;
      if (thrown instanceof IOException io) {
        throw io;
      }
      if (thrown instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (thrown instanceof Error error) {
        throw error;
      }
    }

    String result() throws IOException {
      rethrow();
      if (hex == null) {
        throw new InterruptedIOException("the manifest was not written to its end");
      }
      return hex;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
