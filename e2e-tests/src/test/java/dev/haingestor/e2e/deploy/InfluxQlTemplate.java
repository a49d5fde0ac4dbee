package dev.haingestor.e2e.deploy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Grafana InfluxQL query made runnable as Grafana makes it: {@code $timeFilter} becomes a time
 * range in epoch milliseconds, {@code $__interval} an interval, and a template variable inside a
 * regex ({@code /^$var$/}) the alternation of its regex-escaped values, as Grafana formats
 * multi-value variables for InfluxQL regexes.
 */
final class InfluxQlTemplate {

  private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");

  private InfluxQlTemplate() {}

  static String render(
      String query,
      Instant from,
      Instant to,
      String interval,
      Map<String, List<String>> variables) {
    String rendered =
        query
            .replace(
                "$timeFilter",
                "time >= " + from.toEpochMilli() + "ms and time <= " + to.toEpochMilli() + "ms")
            .replace("$__interval", interval);
    Matcher m = VARIABLE.matcher(rendered);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      List<String> values = variables.get(m.group(1));
      if (values == null) {
        throw new IllegalArgumentException("unknown variable $" + m.group(1) + " in " + query);
      }
      String regex =
          values.stream()
              .map(InfluxQlTemplate::escapeRegex)
              .collect(Collectors.joining("|", "(", ")"));
      m.appendReplacement(out, Matcher.quoteReplacement(regex));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Grafana's escaping of a value used in an InfluxQL regex (and the slash that ends it). */
  static String escapeRegex(String value) {
    return value.replaceAll("([\\\\^$*+?.()|{}\\[\\]/])", "\\\\$1");
  }
}
