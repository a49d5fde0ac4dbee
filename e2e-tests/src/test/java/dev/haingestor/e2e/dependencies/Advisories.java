package dev.haingestor.e2e.dependencies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/** The curated advisory list, {@code security/advisories.tsv}. */
final class Advisories {

  private final List<Advisory> advisories;

  private Advisories(List<Advisory> advisories) {
    this.advisories = List.copyOf(advisories);
  }

  static Advisories read(Path file) {
    try {
      return of(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Advisories of(List<String> lines) {
    return new Advisories(
        lines.stream()
            .filter(line -> !line.isBlank() && !line.startsWith("#"))
            .map(Advisory::parse)
            .toList());
  }

  List<Advisory> all() {
    return advisories;
  }

  List<Finding> findings(Collection<Library> libraries) {
    return libraries.stream()
        .flatMap(
            library ->
                advisories.stream()
                    .filter(advisory -> advisory.affects(library))
                    .map(advisory -> new Finding(library, advisory)))
        .toList();
  }

  record Finding(Library library, Advisory advisory) {}
}
