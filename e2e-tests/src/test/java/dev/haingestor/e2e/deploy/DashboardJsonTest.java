package dev.haingestor.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * The provisioned Grafana dashboards are valid JSON, reference only the data sources that
 * provisioning creates (by their fixed uids), and every query names its data source and uses only
 * defined variables. That their queries run against real data: {@link DashboardQueriesIT}
 * (InfluxDB) and {@link MetricReferencesIT} (Prometheus).
 */
class DashboardJsonTest {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");

  /** Grafana's own variables that queries may use. */
  private static final Set<String> BUILT_IN =
      Set.of(
          "__rate_interval", "__interval", "__interval_ms", "__range", "__range_s", "timeFilter");

  @Test
  void thereIsAPipelineAndAHomeDashboardWithUniqueUids() {
    List<Dashboards.Dashboard> dashboards = Dashboards.all();
    assertThat(dashboards)
        .extracting(Dashboards.Dashboard::file)
        .contains("pipeline.json", "home.json");
    Set<String> uids = new HashSet<>();
    for (Dashboards.Dashboard dashboard : dashboards) {
      assertThat(dashboard.json().path("uid").stringValue("")).as(dashboard.file()).isNotBlank();
      assertThat(uids.add(dashboard.json().path("uid").stringValue()))
          .as("uid of %s is unique", dashboard.file())
          .isTrue();
      assertThat(dashboard.title()).isNotBlank();
      assertThat(dashboard.json().path("schemaVersion").asInt()).isPositive();
    }
  }

  @Test
  void dashboardsUseOnlyTheProvisionedDataSources() {
    Set<String> provisioned = provisionedDataSourceUids();
    assertThat(provisioned).containsExactlyInAnyOrder("prometheus", "influxdb");
    for (Dashboards.Dashboard dashboard : Dashboards.all()) {
      List<JsonNode> references = new ArrayList<>();
      collectDataSources(dashboard.json(), references);
      assertThat(references).as(dashboard.file()).isNotEmpty();
      for (JsonNode reference : references) {
        assertThat(reference.path("uid").stringValue(""))
            .as("data source %s in %s", reference, dashboard.file())
            .isIn(provisioned);
      }
    }
  }

  @Test
  void everyPanelHasUniqueIdAndQueriesOfItsDataSourcesKind() {
    for (Dashboards.Dashboard dashboard : Dashboards.all()) {
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : dashboard.panels()) {
        String title = dashboard.file() + " \"" + panel.path("title").stringValue("") + "\"";
        assertThat(ids.add(panel.path("id").asInt())).as("id of %s is unique", title).isTrue();
        if (panel.path("type").stringValue("").equals("row")) {
          continue;
        }
        assertThat(panel.path("targets").size()).as("queries of %s", title).isPositive();
        for (JsonNode target : panel.path("targets")) {
          String uid =
              target
                  .path("datasource")
                  .path("uid")
                  .stringValue(panel.path("datasource").path("uid").stringValue(""));
          if (uid.equals("prometheus")) {
            assertThat(target.path("expr").stringValue("")).as(title).isNotBlank();
          } else {
            // Raw InfluxQL, so that the query that runs is the one DashboardQueriesIT runs.
            assertThat(target.path("rawQuery").asBoolean())
                .as("%s uses a raw InfluxQL query", title)
                .isTrue();
            assertThat(target.path("query").stringValue("")).as(title).startsWith("SELECT ");
          }
        }
      }
    }
  }

  @Test
  void queriesUseOnlyDefinedVariables() {
    for (Dashboards.Dashboard dashboard : Dashboards.all()) {
      Set<String> defined = new HashSet<>(BUILT_IN);
      dashboard.variables().forEach(v -> defined.add(v.path("name").stringValue()));
      for (Dashboards.Query query : dashboard.queries()) {
        Matcher m = VARIABLE.matcher(query.text());
        while (m.find()) {
          assertThat(defined).as("$%s in %s", m.group(1), query).contains(m.group(1));
        }
      }
    }
  }

  @Test
  void grafanaLoadsTheDashboardsFromWhereComposeMountsThem() throws IOException {
    Map<?, ?> providers = yaml("deploy/grafana/provisioning/dashboards/dashboards.yml");
    Map<?, ?> provider = (Map<?, ?>) ((List<?>) providers.get("providers")).get(0);
    String path = ((Map<?, ?>) provider.get("options")).get("path").toString();
    ComposeFile compose = ComposeFile.ofRepository();
    assertThat(compose.value("grafana", "volumes").orElseThrow())
        .contains("./deploy/grafana/dashboards:" + path + ":ro");
    String home = compose.environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
    assertThat(home).startsWith(path + "/");
    assertThat(
            RepositoryFiles.root()
                .resolve("deploy/grafana/dashboards")
                .resolve(home.substring(path.length() + 1)))
        .isRegularFile();
  }

  private static Set<String> provisionedDataSourceUids() {
    Map<?, ?> datasources = yaml("deploy/grafana/provisioning/datasources/datasources.yml");
    Set<String> uids = new HashSet<>();
    for (Object datasource : (List<?>) datasources.get("datasources")) {
      uids.add(((Map<?, ?>) datasource).get("uid").toString());
    }
    return uids;
  }

  /** Every {@code "datasource": {...}} object anywhere in the dashboard. */
  private static void collectDataSources(JsonNode node, List<JsonNode> found) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (field.getKey().equals("datasource")) {
          assertThat(field.getValue().isObject())
              .as("data sources are referenced by {type, uid}, not by name: %s", field.getValue())
              .isTrue();
          found.add(field.getValue());
        } else {
          collectDataSources(field.getValue(), found);
        }
      }
    } else if (node.isArray()) {
      node.forEach(element -> collectDataSources(element, found));
    }
  }

  private static Map<?, ?> yaml(String file) {
    try {
      return new Yaml(new LoaderOptions()).load(Files.readString(RepositoryFiles.file(file)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
