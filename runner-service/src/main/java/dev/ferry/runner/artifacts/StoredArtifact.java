package dev.ferry.runner.artifacts;

/** An artifact as stored in S3: its name, URI, size, content encoding and SHA-256 of its bytes. */
public record StoredArtifact(String name, String uri, long sizeBytes, String encoding, String sha256) {}
