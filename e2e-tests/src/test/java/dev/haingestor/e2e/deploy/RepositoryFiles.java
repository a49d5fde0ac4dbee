package dev.haingestor.e2e.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's deployment files, found from the test's working directory (the module's). */
final class RepositoryFiles {

  private RepositoryFiles() {}

  /** The repository root: the nearest directory upwards that holds {@code docker-compose.yml}. */
  static Path root() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
      if (Files.isRegularFile(candidate.resolve("docker-compose.yml"))
          && Files.isRegularFile(candidate.resolve("pom.xml"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no docker-compose.yml in " + dir + " or above");
  }

  static Path file(String relative) {
    Path file = root().resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("missing " + file);
    }
    return file;
  }
}
