package dev.haingestor.common.config;

import java.util.regex.Pattern;

/**
 * Builds the paths of {@link ConfigViolation}: dotted snake_case names, {@code [i]} for list items
 * and {@code ["key"]} for map keys that are not plain names (entity ids contain dots).
 */
final class ConfigPaths {

  private static final Pattern PLAIN = Pattern.compile("[a-z0-9_]+");

  private ConfigPaths() {}

  static String field(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  static String key(String parent, String key) {
    if (PLAIN.matcher(key).matches()) {
      return field(parent, key);
    }
    String quoted = "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    return (parent.isEmpty() ? ConfigViolation.DOCUMENT : parent) + quoted;
  }

  static String index(String parent, int index) {
    return (parent.isEmpty() ? ConfigViolation.DOCUMENT : parent) + "[" + index + "]";
  }

  static String orDocument(String path) {
    return path.isEmpty() ? ConfigViolation.DOCUMENT : path;
  }
}
