package dev.ferry.bench.indexing;

import java.io.InputStream;
import tools.jackson.core.JsonParser;
import tools.jackson.core.json.JsonFactory;

/**
 * The scanner's baseline: Jackson's streaming parser with its defaults reading every token of a
 * document and doing nothing with them, the least any streaming read of the same bytes costs.
 */
public final class TokenPass {

  private static final JsonFactory JSON = new JsonFactory();

  private TokenPass() {}

  /** Reads {@code json} to its end and returns how many tokens it has. */
  public static long count(InputStream json) {
    try (JsonParser parser = JSON.createParser(json)) {
      long tokens = 0;
      while (parser.nextToken() != null) {
        tokens++;
      }
      return tokens;
    }
  }
}
