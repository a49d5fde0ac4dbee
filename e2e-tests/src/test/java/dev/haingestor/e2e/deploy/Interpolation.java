package dev.haingestor.e2e.deploy;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's variable interpolation (the Compose specification's "Interpolation" section): {@code
 * $$} is a literal {@code $}; {@code ${NAME}} and {@code $NAME}; {@code ${NAME:-default}} / {@code
 * ${NAME-default}} (unset-or-empty / unset); {@code ${NAME:?message}} / {@code ${NAME?message}}
 * (required); {@code ${NAME:+replacement}} / {@code ${NAME+replacement}}.
 */
final class Interpolation {

  private static final Pattern REFERENCE =
      Pattern.compile(
          "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

  private Interpolation() {}

  /** The value with every reference resolved from {@code variables}. */
  static String resolve(String value, Map<String, String> variables) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(replacement(m, variables)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The names of the variables that {@code value} references. */
  static Set<String> references(String value) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = REFERENCE.matcher(value);
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(4);
      if (name != null) {
        names.add(name);
      }
    }
    return names;
  }

  private static String replacement(Matcher m, Map<String, String> variables) {
    if (m.group().equals("$$")) {
      return "$";
    }
    String name = m.group(1) != null ? m.group(1) : m.group(4);
    String value = variables.get(name);
    String operator = m.group(2);
    if (operator == null) {
      return value == null ? "" : value;
    }
    boolean emptyCounts = operator.startsWith(":");
    boolean missing = value == null || emptyCounts && value.isEmpty();
    String argument = m.group(3);
    return switch (operator.charAt(operator.length() - 1)) {
      case '-' -> missing ? argument : value;
      case '+' -> missing ? "" : argument;
      case '?' -> {
        if (missing) {
          throw new IllegalArgumentException("required variable " + name + ": " + argument);
        }
        yield value;
      }
      default -> throw new IllegalStateException("unreachable: " + operator);
    };
  }
}
