package dev.haingestor.e2e.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Prometheus text format of {@code /actuator/prometheus}: one sample per non-comment line. */
final class PrometheusExposition {

  /** One sample: the series name (e.g. {@code x_seconds_bucket}) and its labels. */
  record Sample(String name, Map<String, String> labels) {}

  private PrometheusExposition() {}

  static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\\R")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      if (brace < 0 || space >= 0 && space < brace) {
        samples.add(new Sample(line.substring(0, space), Map.of()));
      } else {
        samples.add(new Sample(line.substring(0, brace), labels(line, brace + 1)));
      }
    }
    return samples;
  }

  private static Map<String, String> labels(String line, int start) {
    Map<String, String> labels = new LinkedHashMap<>();
    int pos = start;
    while (pos < line.length() && line.charAt(pos) != '}') {
      int equals = line.indexOf('=', pos);
      String name = line.substring(pos, equals).strip();
      pos = equals + 2; // ="
      StringBuilder value = new StringBuilder();
      while (line.charAt(pos) != '"') {
        char c = line.charAt(pos);
        if (c == '\\') {
          pos++;
          c = line.charAt(pos) == 'n' ? '\n' : line.charAt(pos);
        }
        value.append(c);
        pos++;
      }
      labels.put(name, value.toString());
      pos++; // closing quote
      if (pos < line.length() && line.charAt(pos) == ',') {
        pos++;
      }
    }
    return labels;
  }
}
