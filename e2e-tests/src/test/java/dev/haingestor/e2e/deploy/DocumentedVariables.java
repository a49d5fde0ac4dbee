package dev.haingestor.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables a service documents: the back-quoted upper-case names in the table rows
 * of its {@code ## <service>} section of docs/configuration.md (the simulator's: its README's).
 */
final class DocumentedVariables {

  private static final Pattern NAME = Pattern.compile("`([A-Z][A-Z0-9_]{2,})`");

  private DocumentedVariables() {}

  static Set<String> of(String service) {
    if (service.equals(ComposeStack.SIMULATOR)) {
      return tableNames(read(RepositoryFiles.file("ha-simulator/README.md")));
    }
    String docs = read(RepositoryFiles.file("docs/configuration.md"));
    int start = docs.indexOf("\n## " + service + "\n");
    if (start < 0) {
      throw new IllegalStateException("docs/configuration.md has no section ## " + service);
    }
    int end = docs.indexOf("\n## ", start + 4);
    return tableNames(docs.substring(start, end < 0 ? docs.length() : end));
  }

  private static Set<String> tableNames(String markdown) {
    Set<String> names = new LinkedHashSet<>();
    for (String line : markdown.split("\\R")) {
      if (!line.startsWith("|")) {
        continue;
      }
      Matcher m = NAME.matcher(line.split("\\|")[1]);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
