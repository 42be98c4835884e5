package dev.ferry.runner.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.GitRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class GitCheckoutTest {

  @TempDir
  Path tmp;

  private GitCheckout git;
  private Path origin;
  private String first;
  private String second;

  @BeforeEach
  void aRepositoryWithTwoCommitsAndABranch() throws Exception {
    git = new GitCheckout("git", Duration.ofMinutes(1), tmp.resolve("mirrors"));
    origin = tmp.resolve("origin");
    Files.createDirectories(origin.resolve("project"));
    Files.writeString(origin.resolve("project/dbt_project.yml"), "name: one\n");
    first = GitRepos.commitCopy(origin, origin);
    GitRepos.git(origin, "branch", "release");
    Files.writeString(origin.resolve("project/dbt_project.yml"), "name: two\n");
    second = GitRepos.commitAll(origin, "second");
  }

  @Test
  void checksOutTheHeadOfALocalRepository() throws Exception {
    GitCheckout.CheckedOutProject project = git.checkout(origin.toString(), "HEAD", tmp.resolve("run-1/repo"));

    assertThat(project.sha()).isEqualTo(second);
    assertThat(Files.readString(project.projectDir("project").resolve("dbt_project.yml"))).isEqualTo("name: two\n");
  }

  @Test
  void checksOutABranchOrACommit() throws Exception {
    assertThat(git.checkout(origin.toString(), "release", tmp.resolve("a/repo")).sha()).isEqualTo(first);
    assertThat(git.checkout(origin.toString(), first, tmp.resolve("b/repo")).sha()).isEqualTo(first);
  }

  @Test
  void mirrorsARepositoryOnceAndFetchesItsNewCommitsForTheNextRun() throws Exception {
    git.checkout(origin.toString(), "HEAD", tmp.resolve("g/repo"));
    Path mirror = git.mirrorOf(origin.toString());
    assertThat(mirror.resolve("HEAD")).as("a bare mirror kept for the next run").exists();
    Files.writeString(origin.resolve("project/dbt_project.yml"), "name: three\n");
    String third = GitRepos.commitAll(origin, "third");

    GitCheckout.CheckedOutProject next = git.checkout(origin.toString(), "HEAD", tmp.resolve("h/repo"));

    assertThat(next.sha()).isEqualTo(third);
    assertThat(Files.readString(next.projectDir("project").resolve("dbt_project.yml"))).isEqualTo("name: three\n");
    assertThat(git.checkout(origin.toString(), "release", tmp.resolve("i/repo")).sha()).isEqualTo(first);
    assertThat(mirror.getFileName().toString()).as("named by a hash, never by the URL").doesNotContain("origin");
  }

  @Test
  void saysWhatIsWrongWithAnUnknownRefOrRepository() {
    assertThatThrownBy(() -> git.checkout(origin.toString(), "no-such-branch", tmp.resolve("c/repo")))
        .isInstanceOf(CheckoutException.class).hasMessage("ref 'no-such-branch' names no commit of the repository");
    assertThatThrownBy(() -> git.checkout(tmp.resolve("nowhere").toString(), "HEAD", tmp.resolve("d/repo")))
        .isInstanceOf(CheckoutException.class).hasMessageStartingWith("git clone");
    assertThatThrownBy(() -> git.checkout("--upload-pack=touch /tmp/x", "HEAD", tmp.resolve("e/repo")))
        .isInstanceOf(CheckoutException.class).hasMessageContaining("must not start with '-'");
  }

  @Test
  void refusesASubdirectoryOutsideTheRepository() throws Exception {
    GitCheckout.CheckedOutProject project = git.checkout(origin.toString(), "HEAD", tmp.resolve("f/repo"));

    assertThatThrownBy(() -> project.projectDir("../../etc")).hasMessageContaining("leads outside the repository");
    assertThatThrownBy(() -> project.projectDir("missing")).hasMessageContaining("does not exist");
  }
}
