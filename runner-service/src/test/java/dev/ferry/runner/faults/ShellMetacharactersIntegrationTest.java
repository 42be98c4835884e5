package dev.ferry.runner.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Topics;
import dev.ferry.testing.Events;
import dev.ferry.testing.KafkaProbe;
import dev.ferry.testing.SharedInfrastructure;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** Commands reach dbt as argument lists: what a shell would act on arrives as literal text. */
@Tag("integration")
class ShellMetacharactersIntegrationTest {

  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();

  @TempDir
  Path tmp;

  @Test
  void shellMetacharactersReachDbtAsLiteralArguments() throws Exception {
    FakeDbtRunner fake = new FakeDbtRunner(tmp, "0");
    Path pwned = tmp.resolve("pwned");
    List<String> select = List.of("run", "--select", "a; rm -rf / #");
    List<String> vars = List.of("run", "--vars", "{day: $(touch " + pwned + ")}", "--select", "`touch " + pwned + "` | x && y");
    RunRequested request = fake.request().setCommands(List.of(Events.aDbtCommand(select.toArray(String[]::new)), Events.aDbtCommand(vars.toArray(String[]::new)))).build();
    SharedInfrastructure.s3().ensureBucket("metachar-test");
    Topics topics = Topics.withPrefix(PREFIX);

    try (ConfigurableApplicationContext runner = fake.start(PREFIX, "metachar-test", SharedInfrastructure.s3().endpoint(),
        "metachar-test")) {
      KafkaProbe.send(topics.runRequested(), "default/nightly", request);
      RunCompleted completed = KafkaProbe.awaitRecord(topics.runCompleted(),
          r -> r.value().getRunId().equals(request.getRunId())).value();

      assertThat(completed.getStatus()).as(completed.getMessage()).isEqualTo(RunStatus.SUCCEEDED);
    }
    List<String> arguments = fake.arguments();
    assertThat(String.join("\n", arguments)).contains(String.join("\n", select)).contains(String.join("\n", vars));
    assertThat(pwned).as("nothing was run by a shell").doesNotExist();
  }
}
