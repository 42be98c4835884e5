package dev.ferry.testing;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads a DuckDB database with the duckdb module of the dbt virtualenv, read-only. */
public final class DuckDb {

  private static final String QUERY = """
      import duckdb, sys
      con = duckdb.connect(sys.argv[1], read_only=True)
      for row in con.execute(sys.argv[2]).fetchall():
          print("\\t".join("" if v is None else str(v) for v in row))
      """;

  private DuckDb() {}

  /** The rows of {@code sql}, each as its column values in text. */
  public static List<List<String>> query(Path database, String sql) {
    Path python = FerryHome.root().resolve(".venv/bin/python");
    String output = Processes.run(database.getParent(), Map.of(),
        List.of(python.toString(), "-c", QUERY, database.toString(), sql));
    return output.lines().filter(l -> !l.isEmpty()).map(l -> Arrays.asList(l.split("\t", -1))).toList();
  }
}
