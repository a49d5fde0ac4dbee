package dev.haingestor.common.config;

import java.util.Collection;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * fnmatch-style entity globs, translated as Python's {@code fnmatch.translate} does (HA compiles
 * {@code entity_globs} and {@code component_config_glob} keys with it): {@code *} any run of
 * characters, {@code ?} one character, {@code [seq]} one of, {@code [!seq]} none of; every other
 * character literal; the whole entity id must match, case-sensitively.
 */
public final class EntityGlob {

  private EntityGlob() {}

  /**
   * One pattern matching any of the globs, as HA combines them; {@code null} when there are none.
   *
   * @throws IllegalArgumentException when a glob cannot be compiled (e.g. a reversed range)
   */
  public static Pattern compileAny(Collection<String> globs) {
    if (globs.isEmpty()) {
      return null;
    }
    StringBuilder combined = new StringBuilder();
    for (String glob : globs) {
      if (!combined.isEmpty()) {
        combined.append('|');
      }
      combined.append("(?:").append(translate(glob)).append(')');
    }
    return compile(combined.toString(), String.join(", ", globs));
  }

  /**
   * The pattern of one glob.
   *
   * @throws IllegalArgumentException when the glob cannot be compiled (e.g. a reversed range)
   */
  public static Pattern compile(String glob) {
    return compile(translate(glob), glob);
  }

  private static Pattern compile(String regex, String globs) {
    try {
      return Pattern.compile(regex, Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid glob " + globs + ": " + e.getDescription(), e);
    }
  }

  /** Python's {@code fnmatch.translate}, for the regex dialect of {@link Pattern}. */
  static String translate(String glob) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    int n = glob.length();
    while (i < n) {
      char c = glob.charAt(i++);
      if (c == '*') {
        // fnmatch collapses runs of '*'
        while (i < n && glob.charAt(i) == '*') {
          i++;
        }
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else if (c == '[') {
        int j = i;
        if (j < n && glob.charAt(j) == '!') {
          j++;
        }
        if (j < n && glob.charAt(j) == ']') {
          j++;
        }
        while (j < n && glob.charAt(j) != ']') {
          j++;
        }
        if (j >= n) {
          // no closing bracket: a literal '[', as in fnmatch
          regex.append("\\[");
        } else {
          regex.append(characterClass(glob.substring(i, j)));
          i = j + 1;
        }
      } else {
        appendLiteral(regex, c);
      }
    }
    return regex.toString();
  }

  private static String characterClass(String set) {
    StringBuilder cls = new StringBuilder("[");
    int start = 0;
    if (set.startsWith("!")) {
      cls.append('^');
      start = 1;
    }
    if (start == set.length()) {
      // fnmatch: "[!]" cannot occur ("]" right after "[!" is literal); keep the degenerate case
      // safe
      return start == 1 ? "." : "(?!)";
    }
    for (int k = start; k < set.length(); k++) {
      char c = set.charAt(k);
      if (c == '-' && k > start && k < set.length() - 1) {
        cls.append('-'); // a range, as in fnmatch
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        cls.append(c);
      } else {
        cls.append('\\').append(c);
      }
    }
    return cls.append(']').toString();
  }

  private static void appendLiteral(StringBuilder regex, char c) {
    if (Character.isLetterOrDigit(c) || c == '_') {
      regex.append(c);
    } else {
      regex.append('\\').append(c);
    }
  }
}
