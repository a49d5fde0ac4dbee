package dev.haingestor.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An env file as docker compose reads it ({@code NAME=value}; {@code #} starts a comment), plus the
 * variables it documents in commented-out lines ({@code # NAME=default}), which is how {@code
 * .env.example} lists the optional ones.
 *
 * @param values the variables set by the file
 * @param documented every variable named in a {@code NAME=} line, set or commented out
 */
record DotEnv(Map<String, String> values, Set<String> documented) {

  private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*(#\\s*)?([A-Z][A-Z0-9_]*)=(.*)$");

  static DotEnv load(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static DotEnv parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> documented = new LinkedHashSet<>();
    for (String line : text.split("\\R")) {
      Matcher m = ASSIGNMENT.matcher(line);
      if (!m.matches()) {
        continue;
      }
      documented.add(m.group(2));
      if (m.group(1) == null) {
        values.put(m.group(2), unquote(m.group(3).strip()));
      }
    }
    return new DotEnv(Map.copyOf(values), Set.copyOf(documented));
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
