package dev.haingestor.e2e.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Just enough of PromQL to find the metrics an expression reads: every vector selector with its
 * label matchers. Functions, aggregation operators and their {@code by (...)} clauses, keywords,
 * numbers, durations, strings outside selectors and Grafana variables ({@code $__rate_interval},
 * {@code $application}) are skipped. Grafana's variable functions {@code label_values(selector,
 * label)} and {@code query_result(expr)} are understood too.
 */
final class PromQl {

  /** One label matcher of a selector, e.g. {@code state="subscribed"}. */
  record Matcher(String label, String operator, String value) {}

  /** One vector selector: the metric name and its matchers. */
  record Selector(String metric, List<Matcher> matchers) {}

  private static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");

  /** Keywords followed by a label list in parentheses. */
  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "atan2",
          "inf",
          "nan",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right");

  private final String text;
  private int pos;
  private final List<Selector> selectors = new ArrayList<>();

  private PromQl(String text) {
    this.text = text;
  }

  /** The selectors of a PromQL expression or of a Grafana Prometheus variable query. */
  static List<Selector> selectors(String expression) {
    String expr = expression.strip();
    java.util.regex.Matcher labelValues =
        java.util.regex.Pattern.compile("^label_values\\((.*),\\s*([A-Za-z_][A-Za-z0-9_]*)\\)$")
            .matcher(expr);
    if (labelValues.matches()) {
      expr = labelValues.group(1);
    }
    PromQl parser = new PromQl(expr);
    parser.parse();
    return List.copyOf(parser.selectors);
  }

  private void parse() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '"' || c == '\'' || c == '`') {
        string();
      } else if (c == '[') {
        skipPast(']');
      } else if (c == '{') {
        // A selector without a metric name, e.g. {__name__="x"}: its matchers name no metric.
        matchers();
      } else if (c == '$') {
        pos++;
        if (pos < text.length() && text.charAt(pos) == '{') {
          skipPast('}');
        } else {
          identifier();
        }
      } else if (Character.isDigit(c) || c == '.' && nextIsDigit()) {
        while (pos < text.length()
            && (Character.isLetterOrDigit(text.charAt(pos))
                || text.charAt(pos) == '.'
                || text.charAt(pos) == '_')) {
          pos++;
        }
      } else if (isIdentifierStart(c)) {
        word();
      } else {
        pos++;
      }
    }
  }

  private void word() {
    String word = identifier();
    int afterWord = pos;
    skipSpaces();
    boolean callFollows = pos < text.length() && text.charAt(pos) == '(';
    String lower = word.toLowerCase(Locale.ROOT);
    if (LABEL_LIST_KEYWORDS.contains(lower) && callFollows) {
      skipPast(')');
      return;
    }
    if (callFollows || AGGREGATIONS.contains(lower) || KEYWORDS.contains(lower)) {
      pos = afterWord;
      return;
    }
    pos = afterWord;
    List<Matcher> matchers = List.of();
    if (pos < text.length() && text.charAt(pos) == '{') {
      matchers = matchers();
    }
    selectors.add(new Selector(word, matchers));
  }

  private List<Matcher> matchers() {
    List<Matcher> matchers = new ArrayList<>();
    pos++; // {
    while (pos < text.length()) {
      skipSpaces();
      char c = text.charAt(pos);
      if (c == '}') {
        pos++;
        return matchers;
      }
      if (c == ',') {
        pos++;
        continue;
      }
      String label = identifier();
      skipSpaces();
      int start = pos;
      while (pos < text.length() && "=!~".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
      String operator = text.substring(start, pos);
      skipSpaces();
      String value = string();
      if (label.isEmpty() || operator.isEmpty()) {
        throw new IllegalArgumentException("cannot read the label matchers of: " + text);
      }
      matchers.add(new Matcher(label, operator, value));
    }
    throw new IllegalArgumentException("unclosed { in: " + text);
  }

  /** Reads a quoted string at pos (with backslash escapes) and returns its content. */
  private String string() {
    char quote = text.charAt(pos);
    if (quote != '"' && quote != '\'' && quote != '`') {
      throw new IllegalArgumentException("expected a string at " + pos + " of: " + text);
    }
    StringBuilder value = new StringBuilder();
    pos++;
    while (pos < text.length() && text.charAt(pos) != quote) {
      char c = text.charAt(pos);
      if (c == '\\' && quote != '`' && pos + 1 < text.length()) {
        pos++;
        c = text.charAt(pos);
      }
      value.append(c);
      pos++;
    }
    pos++; // closing quote
    return value.toString();
  }

  private String identifier() {
    int start = pos;
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos))
            || text.charAt(pos) == '_'
            || text.charAt(pos) == ':')) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private void skipPast(char closing) {
    int end = text.indexOf(closing, pos);
    pos = end < 0 ? text.length() : end + 1;
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private boolean nextIsDigit() {
    return pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1));
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c == ':';
  }
}
