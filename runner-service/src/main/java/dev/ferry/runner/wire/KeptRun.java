package dev.ferry.runner.wire;

import dev.ferry.events.RunCompleted;
import dev.ferry.events.SafeNames;
import dev.ferry.events.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run whose artifacts wait on the runner for the artifact store: its folder under the work
 * folder holds the completion it owes ({@value #OWED}, Avro single-object encoded, written last,
 * so that its presence means the rest is there) and which files to store ({@value #FILES}, a line {@code name<TAB>path} per artifact).
 */
record KeptRun(Path dir, RunCompleted owed, Map<String, Path> files) {

  static final String OWED = "owed-completion.avro";
  static final String FILES = "kept-artifacts.properties";

  static boolean isKept(Path dir) {
    return Files.isRegularFile(dir.resolve(OWED));
  }

  static void write(Path dir, Topic<RunCompleted> topic, RunCompleted owed, Map<String, Path> files) throws IOException {
    StringBuilder lines = new StringBuilder();
    files.forEach((name, file) -> lines.append(name).append('\t').append(dir.relativize(file)).append('\n'));
    Files.writeString(dir.resolve(FILES), lines, StandardCharsets.UTF_8);
    Path temporary = dir.resolve(OWED + ".tmp");
    Files.write(temporary, topic.valueSerializer().serialize(topic.name(), owed));
    Files.move(temporary, dir.resolve(OWED), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads a kept run; its folder must be named by its run id, and its files must lie in it. */
  static KeptRun read(Path dir, Topic<RunCompleted> topic) throws IOException {
    RunCompleted owed = topic.valueDeserializer().deserialize(topic.name(), Files.readAllBytes(dir.resolve(OWED)));
    if (!SafeNames.requireRunId(owed.getRunId()).equals(dir.getFileName().toString())) {
      throw new IOException("the completion in " + dir + " is of run " + owed.getRunId());
    }
    Map<String, Path> files = new LinkedHashMap<>();
    for (String line : Files.readAllLines(dir.resolve(FILES), StandardCharsets.UTF_8)) {
      String[] nameAndPath = line.split("\t", 2);
      Path file = dir.resolve(nameAndPath[nameAndPath.length - 1]).normalize();
      if (nameAndPath.length != 2 || !file.startsWith(dir)) {
        throw new IOException("'" + line + "' in " + dir.resolve(FILES) + " is not an artifact under " + dir);
      }
      files.put(nameAndPath[0], file);
    }
    return new KeptRun(dir, owed, files);
  }
}
