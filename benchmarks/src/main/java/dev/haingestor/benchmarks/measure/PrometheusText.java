package dev.haingestor.benchmarks.measure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One scrape of a Prometheus text exposition ({@code /actuator/prometheus}), parsed into samples.
 * Only what the benchmark reads: counters summed over matching label sets, and the cumulative
 * buckets of a histogram.
 */
public final class PrometheusText {

  private final List<Sample> samples;

  private PrometheusText(List<Sample> samples) {
    this.samples = samples;
  }

  /** One sample line: {@code name{label="value",...} value [timestamp]}. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  public static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Sample sample = parseLine(line.trim());
      if (sample != null) {
        samples.add(sample);
      }
    }
    return new PrometheusText(List.copyOf(samples));
  }

  public List<Sample> samples() {
    return samples;
  }

  /**
   * The sum of every sample named {@code name} whose labels include {@code labels}; 0 when there is
   * none (a meter not yet registered has not counted anything).
   */
  public double sum(String name, Map<String, String> labels) {
    double total = 0;
    for (Sample sample : samples) {
      if (sample.name().equals(name) && matches(sample.labels(), labels)) {
        total += sample.value();
      }
    }
    return total;
  }

  /** Whether any sample is named {@code name}. */
  public boolean has(String name) {
    return samples.stream().anyMatch(sample -> sample.name().equals(name));
  }

  /**
   * The cumulative buckets of histogram {@code baseName} ({@code baseName_bucket}) for one label
   * set: upper bound in the metric's unit → cumulative count; {@code +Inf} as {@link
   * Double#POSITIVE_INFINITY}. Empty when the histogram is not exposed.
   */
  public NavigableMap<Double, Double> buckets(String baseName, Map<String, String> labels) {
    NavigableMap<Double, Double> buckets = new TreeMap<>();
    String bucketName = baseName + "_bucket";
    for (Sample sample : samples) {
      if (sample.name().equals(bucketName) && matches(sample.labels(), labels)) {
        String le = sample.labels().get("le");
        if (le != null) {
          buckets.merge(parseValue(le), sample.value(), Double::sum);
        }
      }
    }
    return buckets;
  }

  private static boolean matches(Map<String, String> actual, Map<String, String> wanted) {
    for (Map.Entry<String, String> entry : wanted.entrySet()) {
      if (!entry.getValue().equals(actual.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static Sample parseLine(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String name;
    Map<String, String> labels = new LinkedHashMap<>();
    int rest;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      rest = parseLabels(line, brace + 1, labels);
    } else {
      name = line.substring(0, space);
      rest = space;
    }
    String[] tail = line.substring(rest).trim().split("\\s+");
    if (tail.length == 0 || tail[0].isEmpty()) {
      return null;
    }
    return new Sample(name, labels, parseValue(tail[0]));
  }

  /** Parses {@code a="x",b="y"}} from {@code start}; returns the index after the closing brace. */
  private static int parseLabels(String line, int start, Map<String, String> labels) {
    int i = start;
    while (i < line.length() && line.charAt(i) != '}') {
      int equals = line.indexOf('=', i);
      String key = line.substring(i, equals).trim();
      int quote = equals + 1; // opening quote
      StringBuilder value = new StringBuilder();
      int j = quote + 1;
      while (j < line.length() && line.charAt(j) != '"') {
        char c = line.charAt(j);
        if (c == '\\' && j + 1 < line.length()) {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
        j++;
      }
      labels.put(key, value.toString());
      i = j + 1;
      if (i < line.length() && line.charAt(i) == ',') {
        i++;
      }
    }
    return i + 1;
  }

  private static double parseValue(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }
}
