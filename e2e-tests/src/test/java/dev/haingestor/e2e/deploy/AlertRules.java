package dev.haingestor.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The Prometheus alert rules of {@code deploy/prometheus/alerts.yml}. */
final class AlertRules {

  /** One alerting rule: its name and PromQL expression. */
  record Rule(String alert, String expr) {}

  private AlertRules() {}

  static List<Rule> all() {
    Path file = RepositoryFiles.file("deploy/prometheus/alerts.yml");
    try {
      Map<?, ?> root = new Yaml(new LoaderOptions()).load(Files.readString(file));
      List<Rule> rules = new ArrayList<>();
      for (Object group : (List<?>) root.get("groups")) {
        for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
          Map<?, ?> r = (Map<?, ?>) rule;
          String name =
              r.containsKey("alert") ? r.get("alert").toString() : "record " + r.get("record");
          rules.add(new Rule(name, r.get("expr").toString()));
        }
      }
      return rules;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
