package dev.ferry.runner.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class PackagesKeyTest {

  @TempDir
  Path repo;

  private Path project;

  @BeforeEach
  void aProjectWithAHubPackageAndALocalOne() throws IOException {
    project = Files.createDirectories(repo.resolve("transform"));
    Files.writeString(project.resolve("dbt_project.yml"), "name: analytics\n");
    Files.writeString(project.resolve("packages.yml"), """
        packages:
          - package: dbt-labs/dbt_utils
            version: 1.3.0
          - local: ../shared/audit
          - git: "https://{{ env_var('DBT_ENV_SECRET_GIT_TOKEN') }}@example.com/acme/macros.git"
        """);
    Files.createDirectories(repo.resolve("shared/audit/macros"));
    Files.writeString(repo.resolve("shared/audit/dbt_project.yml"), "name: audit\n");
    Files.writeString(repo.resolve("shared/audit/macros/audit.sql"), "{% macro audit() %}1{% endmacro %}\n");
  }

  @Test
  void theSameFilesGiveTheSameKeyInTheDefaultInstallFolder() {
    PackagesKey.Key key = key("1.11.16", Map.of("DBT_ENV_SECRET_GIT_TOKEN", "t"));

    assertThat(key).isEqualTo(key("1.11.16", Map.of("DBT_ENV_SECRET_GIT_TOKEN", "t")));
    assertThat(key.installDir()).isEqualTo(project.resolve("dbt_packages"));
    assertThat(key.hash()).hasSize(64).doesNotContain("t@");
  }

  @Test
  void aChangeToTheLocalPackageTheLockFileTheDbtVersionOrAnEnvVarTheFilesReadChangesTheKey() throws IOException {
    Map<String, String> env = Map.of("DBT_ENV_SECRET_GIT_TOKEN", "t");
    String before = key("1.11.16", env).hash();

    assertThat(key("1.12.0", env).hash()).isNotEqualTo(before);
    assertThat(key("1.11.16", Map.of("DBT_ENV_SECRET_GIT_TOKEN", "u")).hash()).isNotEqualTo(before);
    assertThat(key("1.11.16", Map.of("DBT_ENV_SECRET_GIT_TOKEN", "t", "UNRELATED", "x")).hash()).isEqualTo(before);

    Files.writeString(repo.resolve("shared/audit/macros/audit.sql"), "{% macro audit() %}2{% endmacro %}\n");
    String localChanged = key("1.11.16", env).hash();
    assertThat(localChanged).isNotEqualTo(before);

    Files.writeString(project.resolve("package-lock.yml"), "packages: []\nsha1_hash: abc\n");
    assertThat(key("1.11.16", env).hash()).isNotEqualTo(localChanged);
  }

  @Test
  void aConfiguredInstallFolderIsUsedAndATemplatedOrOutsideOneIsNotCached() throws IOException {
    Files.writeString(project.resolve("dbt_project.yml"), "name: analytics\npackages-install-path: vendor/pkgs\n");
    assertThat(key("1.11.16", Map.of()).installDir()).isEqualTo(project.resolve("vendor/pkgs"));

    Files.writeString(project.resolve("dbt_project.yml"),
        "name: analytics\npackages-install-path: \"{{ env_var('PKGS') }}\"\n");
    assertThat(PackagesKey.of(project, "1.11.16", Map.of())).isInstanceOf(PackagesKey.Uncacheable.class);

    Files.writeString(project.resolve("dbt_project.yml"), "name: analytics\npackages-install-path: ../elsewhere\n");
    assertThat(PackagesKey.of(project, "1.11.16", Map.of())).isInstanceOf(PackagesKey.Uncacheable.class);
  }

  @Test
  void aMissingLocalPackageIsNotCached() throws IOException {
    Files.writeString(project.resolve("packages.yml"), "packages:\n  - local: ../nowhere\n");

    assertThat(PackagesKey.of(project, "1.11.16", Map.of())).isInstanceOfSatisfying(PackagesKey.Uncacheable.class,
        why -> assertThat(why.reason()).contains("../nowhere"));
  }

  private PackagesKey.Key key(String dbtVersion, Map<String, String> env) {
    return (PackagesKey.Key) PackagesKey.of(project, dbtVersion, env);
  }
}
