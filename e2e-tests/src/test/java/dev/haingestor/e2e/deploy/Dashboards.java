package dev.haingestor.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provisioned Grafana dashboards ({@code deploy/grafana/dashboards/*.json}) and their queries.
 */
final class Dashboards {

  static final Path DIRECTORY = Path.of("deploy", "grafana", "dashboards");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One dashboard file, parsed. */
  record Dashboard(String file, JsonNode json) {

    String title() {
      return json.path("title").stringValue("");
    }

    /** Every panel, including those nested in collapsed rows. */
    List<JsonNode> panels() {
      List<JsonNode> panels = new ArrayList<>();
      for (JsonNode panel : json.path("panels")) {
        panels.add(panel);
        for (JsonNode nested : panel.path("panels")) {
          panels.add(nested);
        }
      }
      return panels;
    }

    List<JsonNode> variables() {
      List<JsonNode> variables = new ArrayList<>();
      json.path("templating").path("list").forEach(variables::add);
      return variables;
    }

    /** Every query of the dashboard: each panel target and each query variable. */
    List<Query> queries() {
      List<Query> queries = new ArrayList<>();
      for (JsonNode panel : panels()) {
        for (JsonNode target : panel.path("targets")) {
          JsonNode datasource =
              target.has("datasource") ? target.get("datasource") : panel.path("datasource");
          String text =
              target.has("expr")
                  ? target.get("expr").stringValue()
                  : target.path("query").stringValue("");
          queries.add(
              new Query(
                  file,
                  "panel \""
                      + panel.path("title").stringValue("")
                      + "\" "
                      + target.path("refId").stringValue(""),
                  datasource.path("uid").stringValue(""),
                  text,
                  false));
        }
      }
      for (JsonNode variable : variables()) {
        if (!"query".equals(variable.path("type").stringValue(""))) {
          continue;
        }
        JsonNode query = variable.path("query");
        String text =
            query.isObject() ? query.path("query").stringValue("") : query.stringValue("");
        queries.add(
            new Query(
                file,
                "variable $" + variable.path("name").stringValue(""),
                variable.path("datasource").path("uid").stringValue(""),
                text,
                true));
      }
      return queries;
    }
  }

  /**
   * One query of a dashboard.
   *
   * @param where the panel and ref id, or the variable, for messages
   * @param variable whether it is a template variable's query
   */
  record Query(
      String dashboard, String where, String datasourceUid, String text, boolean variable) {

    @Override
    public String toString() {
      return dashboard + " " + where + ": " + text;
    }
  }

  private Dashboards() {}

  static List<Dashboard> all() {
    Path directory = RepositoryFiles.root().resolve(DIRECTORY);
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".json"))
          .sorted()
          .map(Dashboards::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  static Dashboard read(Path file) {
    try {
      return new Dashboard(file.getFileName().toString(), JSON.readTree(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static List<Query> queries(String datasourceUid) {
    return all().stream()
        .flatMap(d -> d.queries().stream())
        .filter(q -> q.datasourceUid().equals(datasourceUid))
        .toList();
  }
}
