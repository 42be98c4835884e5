package dev.ferry.runner.packages;

import dev.ferry.runner.workspace.Folders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.UnaryOperator;

/** Copying and removing folders of installed packages, links copied as links, never followed. */
final class PackageTrees {

  private PackageTrees() {}

  /** Copies {@code from} to {@code to}; each link is recreated with the target {@code relink} gives. */
  static void copy(Path from, Path to, UnaryOperator<LinkAt> relink) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        Path target = to.resolve(from.relativize(file).toString());
        if (attributes.isSymbolicLink()) {
          Files.createSymbolicLink(target, relink.apply(new LinkAt(file, Files.readSymbolicLink(file))).target());
        } else {
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** A link at {@code path} leading to {@code target}. */
  record LinkAt(Path path, Path target) {}

  /**
   * An absolute link into {@code checkout} (as dbt links a local package) made relative to the
   * folder holding it, so that a copy in another checkout leads into that checkout; any other
   * link unchanged. Real paths on both sides: dbt builds its targets from the real working folder.
   */
  static LinkAt relativeIfInside(LinkAt link, Path checkout) {
    Path target = link.target().normalize();
    try {
      Path root = checkout.toRealPath();
      if (!target.isAbsolute() || !target.startsWith(root)) {
        return link;
      }
      return new LinkAt(link.path(), link.path().getParent().toRealPath().relativize(target));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteQuietly(Path dir) {
    try {
      Folders.delete(dir);
    } catch (IOException e) {
      // a leftover is removed with the next eviction
    }
  }
}
