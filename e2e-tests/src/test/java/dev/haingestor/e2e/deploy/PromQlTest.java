package dev.haingestor.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.e2e.deploy.PromQl.Matcher;
import dev.haingestor.e2e.deploy.PromQl.Selector;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromQlTest {

  private static List<String> metrics(String expr) {
    return PromQl.selectors(expr).stream().map(Selector::metric).toList();
  }

  @Test
  void findsTheMetricsInsideFunctionsAndAggregationsButNotTheirLabelsOrKeywords() {
    assertThat(
            metrics(
                "histogram_quantile(0.99, sum by (le, outcome) (rate(a_seconds_bucket{source=\"live\"}[$__rate_interval])))"
                    + " > 10 and on() max(b_state{state=\"subscribed\"}) == 1"
                    + " unless ignoring(job) c_total offset 5m"))
        .containsExactly("a_seconds_bucket", "b_state", "c_total");
  }

  @Test
  void aggregationWithTheByClauseFirstIsNoMetric() {
    assertThat(metrics("sum by (application) (rate(x_total[5m])) / sum(y)"))
        .containsExactly("x_total", "y");
  }

  @Test
  void readsMatchersWithTheirOperatorsAndEscapedValues() {
    Selector selector =
        PromQl.selectors("up{job=~\"a|b\", state!=\"x\\\"y\", area = 'heap'}").get(0);

    assertThat(selector.metric()).isEqualTo("up");
    assertThat(selector.matchers())
        .containsExactly(
            new Matcher("job", "=~", "a|b"),
            new Matcher("state", "!=", "x\"y"),
            new Matcher("area", "=", "heap"));
  }

  @Test
  void ignoresNumbersDurationsAndGrafanaVariables() {
    assertThat(metrics("rate(x_total{application=~\"$application\"}[${__range}]) * 1e3 + 0.5"))
        .containsExactly("x_total");
  }

  @Test
  void understandsGrafanaLabelValuesQueries() {
    assertThat(PromQl.selectors("label_values(process_uptime_seconds{job=\"a\"}, application)"))
        .containsExactly(
            new Selector("process_uptime_seconds", List.of(new Matcher("job", "=", "a"))));
  }

  @Test
  void stringArgumentsOfFunctionsAreNoMetrics() {
    assertThat(metrics("label_replace(up, \"dst\", \"$1\", \"src\", \"(.*)\")"))
        .containsExactly("up");
  }
}
