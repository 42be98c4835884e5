package dev.ferry.manifest.index;

/** TEMPORARY stand-in; replaced by the scanner branch. */
public class InvalidManifestException extends RuntimeException {
  public InvalidManifestException(String message) {
    super(message);
  }
}
