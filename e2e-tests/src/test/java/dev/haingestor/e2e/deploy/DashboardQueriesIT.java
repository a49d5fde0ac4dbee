package dev.haingestor.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.testsupport.InfluxQl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every InfluxDB query of the Grafana dashboards — each template variable and each panel target —
 * runs without error against the InfluxDB that the compose pipeline writes (the simulated home's
 * events, in the {@code ha} schema), rendered as Grafana renders it. And each returns data: the
 * variables find the entities, the panels find points — except queries of differences between
 * intervals ({@code non_negative_difference}, {@code derivative}, …), which need more than the
 * minute of data a test run has.
 */
@ExtendWith(ComposeStackExtension.class)
class DashboardQueriesIT {

  private static final Pattern NEEDS_TWO_INTERVALS =
      Pattern.compile(
          "(?i)\\b(non_negative_difference|difference|derivative|non_negative_derivative|moving_average)\\(");

  private static ComposeStack stack;
  private static InfluxQl influxQl;
  private static final Map<String, List<String>> variableValues = new LinkedHashMap<>();

  @BeforeAll
  static void awaitTheSimulatedHomeInInfluxDb(ComposeStack composeStack) {
    stack = composeStack;
    influxQl = stack.influx().influxQl();
    List<Dashboards.Query> variables =
        Dashboards.queries("influxdb").stream().filter(Dashboards.Query::variable).toList();
    assertThat(variables).isNotEmpty();
    // Every variable lists something once the simulated home has sent each kind of entity.
    await("every dashboard variable finds values in InfluxDB")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              for (Dashboards.Query variable : variables) {
                List<String> values = values(influxQl.query(stack.database(), variable.text()));
                assertThat(values).as("%s\nlogs:%s", variable, stack.logTails()).isNotEmpty();
                variableValues.put(name(variable), values);
              }
            });
  }

  @Test
  void everyInfluxDbPanelQueryRunsAndFindsPoints() {
    Instant now = Instant.now();
    List<String> problems = new ArrayList<>();
    List<Dashboards.Query> panels =
        Dashboards.queries("influxdb").stream().filter(q -> !q.variable()).toList();
    assertThat(panels).hasSizeGreaterThan(5);
    for (Dashboards.Query panel : panels) {
      String query =
          InfluxQlTemplate.render(
              panel.text(),
              now.minus(Duration.ofHours(1)),
              now.plusSeconds(60),
              "10s",
              variableValues);
      try {
        List<InfluxQl.Series> series = influxQl.query(stack.database(), query);
        boolean hasPoints =
            series.stream()
                .anyMatch(s -> s.values().stream().anyMatch(DashboardQueriesIT::hasValue));
        if (!hasPoints && !NEEDS_TWO_INTERVALS.matcher(panel.text()).find()) {
          problems.add(panel + "\n  rendered: " + query + "\n  found no point");
        }
      } catch (InfluxQl.InfluxQlException e) {
        problems.add(panel + "\n  rendered: " + query + "\n  failed: " + e.getMessage());
      }
    }
    assertThat(problems).as("panel queries that fail or find no point").isEmpty();
  }

  /** A row with a non-null value besides its time (fill() makes rows of nulls). */
  private static boolean hasValue(List<Object> row) {
    return row.stream().skip(1).anyMatch(v -> v != null);
  }

  /** The values of SHOW TAG VALUES (column value) or SHOW MEASUREMENTS (column name). */
  private static List<String> values(List<InfluxQl.Series> series) {
    List<String> values = new ArrayList<>();
    for (InfluxQl.Series s : series) {
      int column =
          s.columns().contains("value")
              ? s.columns().indexOf("value")
              : s.columns().indexOf("name");
      for (List<Object> row : s.values()) {
        values.add(String.valueOf(row.get(column)));
      }
    }
    return values;
  }

  private static String name(Dashboards.Query variable) {
    return variable.where().substring(variable.where().indexOf('$') + 1);
  }
}
