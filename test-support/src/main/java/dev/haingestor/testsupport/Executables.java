package dev.haingestor.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds server executables on a search path; injectable so the selection logic is testable. */
final class Executables {

  /** Debian installs the servers here; a minimal PATH (e.g. CI's) may lack /usr/sbin. */
  private static final List<Path> DEBIAN_DIRS = List.of(Path.of("/usr/bin"), Path.of("/usr/sbin"));

  private final List<Path> directories;

  Executables(List<Path> directories) {
    this.directories = List.copyOf(directories);
  }

  /** {@code $PATH} plus /usr/bin and /usr/sbin. */
  static Executables fromEnvironment() {
    List<Path> directories = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          directories.add(Path.of(entry));
        }
      }
    }
    directories.addAll(DEBIAN_DIRS);
    return new Executables(directories);
  }

  Optional<Path> find(String name) {
    return directories.stream()
        .map(directory -> directory.resolve(name))
        .filter(file -> Files.isRegularFile(file) && Files.isExecutable(file))
        .findFirst();
  }

  @Override
  public String toString() {
    return directories.toString();
  }
}
