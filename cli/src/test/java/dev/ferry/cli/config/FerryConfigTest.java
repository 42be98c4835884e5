package dev.ferry.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.cli.CliContext;
import dev.ferry.cli.CliException;
import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.StandInServer;
import dev.ferry.cli.StandInServer.Answer;
import dev.ferry.cli.TestContexts;
import dev.ferry.cli.TestContexts.Outcome;
import dev.ferry.cli.config.FerryConfig.Flags;
import dev.ferry.cli.config.Setting.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class FerryConfigTest {

  @TempDir
  Path home;

  private final Map<String, String> env = new HashMap<>();

  private CliContext context() {
    return TestContexts.context(env, home, home, Instant.parse("2026-11-25T10:00:00Z"));
  }

  private Path configFile(String yaml) throws IOException {
    Path file = home.resolve(".config/ferry/config.yml");
    Files.createDirectories(file.getParent());
    return Files.writeString(file, yaml);
  }

  @Test
  void withNothingSetTheStandaloneDefaultsApply() {
    FerryConfig config = FerryConfig.resolve(Flags.none(), context());

    assertThat(config.schedulerUrl()).isEqualTo(new Setting("http://127.0.0.1:7071", Source.DEFAULT, "default"));
    assertThat(config.manifestUrl().value()).isEqualTo("http://127.0.0.1:7073");
    assertThat(config.workspace().value()).isEqualTo("default");
    assertThat(config.token().isSet()).isFalse();
  }

  @Test
  void flagsBeatTheEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws IOException {
    configFile("url: https://file.example.com\nworkspace: from-file\ntoken: file-token\n");
    env.put("FERRY_WORKSPACE", "from-env");
    env.put("FERRY_TOKEN", "env-token");

    FerryConfig config = FerryConfig.resolve(new Flags(null, null, null, null, "from-flag"), context());

    assertThat(config.workspace()).isEqualTo(new Setting("from-flag", Source.FLAG, "flag --workspace"));
    assertThat(config.token()).isEqualTo(new Setting("env-token", Source.ENV, "env FERRY_TOKEN"));
    assertThat(config.schedulerUrl().value()).isEqualTo("https://file.example.com");
    assertThat(config.schedulerUrl().source()).isEqualTo(Source.FILE);
    assertThat(config.manifestUrl().value()).isEqualTo("https://file.example.com");
  }

  @Test
  void aPerServiceUrlBeatsTheOneBaseWithinItsLayer() throws IOException {
    configFile("url: https://file.example.com\nmanifest_url: https://manifests.example.com\n");
    env.put("FERRY_URL", "https://ingress.example.com");
    env.put("FERRY_SCHEDULER_URL", "https://scheduler.example.com");

    FerryConfig config = FerryConfig.resolve(Flags.none(), context());

    assertThat(config.schedulerUrl()).isEqualTo(
        new Setting("https://scheduler.example.com", Source.ENV, "env FERRY_SCHEDULER_URL"));
    assertThat(config.manifestUrl()).isEqualTo(new Setting("https://ingress.example.com", Source.ENV, "env FERRY_URL"));
    assertThat(FerryConfig.resolve(new Flags("https://flag.example.com", null, null, null, null), context())
        .manifestUrl().origin()).isEqualTo("flag --url");
  }

  @Test
  void honoursXdgConfigHome() throws IOException {
    Path xdg = Files.createDirectories(home.resolve("xdg/ferry"));
    Files.writeString(xdg.resolve("config.yml"), "workspace: 'from-xdg'   # quoted, with a comment\n");
    env.put("XDG_CONFIG_HOME", home.resolve("xdg").toString());

    assertThat(FerryConfig.resolve(Flags.none(), context()).workspace().value()).isEqualTo("from-xdg");
  }

  @Test
  void anUnknownKeyIsAnErrorNamingFileAndKey() throws IOException {
    Path file = configFile("# Ferry\nurl: https://x.example.com\nmanifest-url: https://y.example.com\n");

    assertThatThrownBy(() -> FerryConfig.resolve(Flags.none(), context()))
        .isInstanceOf(CliException.class)
        .hasMessageStartingWith(file + ":3: unknown key 'manifest-url'")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
  }

  @Test
  void whatTheReaderDoesNotUnderstandIsAnErrorNotAGuess() throws IOException {
    configFile("url:\n  nested: true\n");
    assertThatThrownBy(() -> FerryConfig.resolve(Flags.none(), context())).hasMessageContaining(":2: nested values");
    configFile("url: https://x\nurl: https://y\n");
    assertThatThrownBy(() -> FerryConfig.resolve(Flags.none(), context())).hasMessageContaining("set twice");
    configFile("token: [a, b]\n");
    assertThatThrownBy(() -> FerryConfig.resolve(Flags.none(), context())).hasMessageContaining("must be a plain string");
    configFile("token: \"abc\n");
    assertThatThrownBy(() -> FerryConfig.resolve(Flags.none(), context())).hasMessageContaining("unterminated quote");
  }

  @Test
  void configShowSaysWhereEachValueCameFromAndNeverPrintsTheToken() throws IOException {
    Path file = configFile("workspace: analytics\n");
    env.put("FERRY_URL", "https://ferry.example.com");
    env.put("FERRY_TOKEN", "s3cret-token-value");

    Outcome shown = TestContexts.run(context(), "config", "show", "--manifest-url", "http://localhost:9000");

    assertThat(shown.exitCode()).isZero();
    assertThat(shown.out()).containsPattern("scheduler_url +https://ferry.example.com +env FERRY_URL")
        .containsPattern("manifest_url +http://localhost:9000 +flag --manifest-url")
        .containsPattern("workspace +analytics +file " + file + " \\(workspace\\)")
        .containsPattern("token +\\*+ \\(set, 18 characters\\) +env FERRY_TOKEN")
        .doesNotContain("s3cret");
  }

  @Test
  void theTokenGoesToTheSchedulerToo() {
    try (StandInServer scheduler = new StandInServer().answering(r -> Answer.json(200, "[]"))) {
      env.put("FERRY_SCHEDULER_URL", scheduler.base().toString());
      env.put("FERRY_TOKEN", "s3cret");

      Outcome listed = TestContexts.run(context(), "schedules");

      assertThat(listed.exitCode()).isZero();
      assertThat(scheduler.requests().getFirst().header("Authorization")).isEqualTo("Bearer s3cret");
    }
  }

  @Test
  void aRefusedTokenIsOneLineWithItsOwnExitCode() {
    try (StandInServer scheduler = new StandInServer().answering(r -> Answer.json(403,
        "{\"title\": \"Forbidden\", \"detail\": \"token may not read workspace default\"}"))) {
      env.put("FERRY_SCHEDULER_URL", scheduler.base().toString());

      Outcome refused = TestContexts.run(context(), "schedules");

      assertThat(refused.exitCode()).isEqualTo(ExitCodes.AUTH);
      assertThat(refused.err().strip()).doesNotContain("\n")
          .contains("refused the request (HTTP 403, token not allowed here: token may not read workspace default)");
    }
  }
}
