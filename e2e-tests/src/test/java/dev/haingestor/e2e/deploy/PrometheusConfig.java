package dev.haingestor.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The scrape jobs of {@code deploy/prometheus/prometheus.yml}. */
record PrometheusConfig(Map<String, Job> jobs, List<String> ruleFiles) {

  /** One scrape job: where it scrapes. */
  record Job(String metricsPath, List<String> targets) {}

  static PrometheusConfig load() {
    Path file = RepositoryFiles.file("deploy/prometheus/prometheus.yml");
    try {
      Map<?, ?> root = new Yaml(new LoaderOptions()).load(Files.readString(file));
      Map<String, Job> jobs = new LinkedHashMap<>();
      for (Object entry : (List<?>) root.get("scrape_configs")) {
        Map<?, ?> job = (Map<?, ?>) entry;
        List<String> targets = new ArrayList<>();
        for (Object config : (List<?>) job.get("static_configs")) {
          ((List<?>) ((Map<?, ?>) config).get("targets")).forEach(t -> targets.add(t.toString()));
        }
        Object path = job.get("metrics_path");
        jobs.put(
            job.get("job_name").toString(),
            new Job(path == null ? "/metrics" : path.toString(), targets));
      }
      List<String> ruleFiles = new ArrayList<>();
      Object rules = root.get("rule_files");
      if (rules != null) {
        ((List<?>) rules).forEach(r -> ruleFiles.add(r.toString()));
      }
      return new PrometheusConfig(jobs, ruleFiles);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
