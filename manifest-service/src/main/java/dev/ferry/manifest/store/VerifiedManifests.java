package dev.ferry.manifest.store;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stored bytes of the manifests this replica has just indexed, kept in memory up to a total
 * size, least recently served first out. The indexer reads every manifest once to verify it (size,
 * SHA-256, a dbt manifest); keeping those bytes lets the API serve a fresh manifest, the one every
 * developer asks for next, without reading it back from S3. Only verified bytes go in, keyed by
 * object and stored size, so what comes out is what was indexed.
 */
public final class VerifiedManifests {

  private final long maxBytes;
  private final LinkedHashMap<String, byte[]> byUri = new LinkedHashMap<>(16, 0.75f, true);
  private long heldBytes;

  public VerifiedManifests(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The most an entry may hold; 0 when the cache is off. */
  public long maxBytes() {
    return maxBytes;
  }

  /** Keeps {@code stored} (the object's bytes as stored) for {@code uri}, dropping the least recently used to fit. */
  public synchronized void remember(String uri, byte[] stored) {
    if (stored.length > maxBytes) {
      return;
    }
    byte[] replaced = byUri.put(uri, stored);
    heldBytes += stored.length - (replaced == null ? 0 : replaced.length);
    for (Iterator<Map.Entry<String, byte[]>> oldest = byUri.entrySet().iterator(); heldBytes > maxBytes; ) {
      heldBytes -= oldest.next().getValue().length;
      oldest.remove();
    }
  }

  /** The bytes kept for {@code uri} if they are {@code sizeBytes} long. */
  public synchronized Optional<byte[]> find(String uri, long sizeBytes) {
    byte[] stored = byUri.get(uri);
    return stored != null && stored.length == sizeBytes ? Optional.of(stored) : Optional.empty();
  }

  public synchronized long heldBytes() {
    return heldBytes;
  }
}
