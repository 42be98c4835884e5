package dev.ferry.cli.dbt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.manifest.DbtVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class LocalDbtTest {

  @TempDir
  Path dir;

  private Path venv(String name, String... distInfos) throws IOException {
    Path venv = dir.resolve(name);
    Files.createDirectories(venv.resolve("bin"));
    Files.writeString(venv.resolve("bin/dbt"), "#!/bin/sh\n");
    venv.resolve("bin/dbt").toFile().setExecutable(true);
    for (String distInfo : distInfos) {
      Files.createDirectories(venv.resolve("lib/python3.11/site-packages").resolve(distInfo));
    }
    return venv;
  }

  @Test
  void readsTheVersionFromTheVirtualenvBesideTheExecutable() throws IOException {
    Path venv = venv("venv", "dbt_core-1.11.16.dist-info", "dbt_duckdb-1.11.1.dist-info");

    assertThat(LocalDbt.version(venv.resolve("bin/dbt").toString(), null)).isEqualTo(DbtVersion.parse("1.11.16"));
  }

  @Test
  void findsDbtOnThePathAndFollowsALinkIntoItsVirtualenv() throws IOException {
    Path venv = venv("pipx-venv", "dbt_core-1.9.4.dist-info");
    Path bin = Files.createDirectories(dir.resolve("local/bin"));
    Files.createSymbolicLink(bin.resolve("dbt"), venv.resolve("bin/dbt"));

    assertThat(LocalDbt.version("dbt", "/nonexistent:" + bin).text()).isEqualTo("1.9.4");
  }

  @Test
  void isUnknownWhenItCannotBeToldWithoutRunningDbt() throws IOException {
    assertThat(LocalDbt.version(venv("none").resolve("bin/dbt").toString(), null)).isNull();
    assertThat(LocalDbt.version(venv("two", "dbt_core-1.8.0.dist-info", "dbt_core-1.9.0.dist-info")
        .resolve("bin/dbt").toString(), null)).isNull();
    assertThat(LocalDbt.version("dbt", dir.resolve("empty").toString())).isNull();
  }
}
