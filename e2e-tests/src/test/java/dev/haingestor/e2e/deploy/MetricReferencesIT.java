package dev.haingestor.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.e2e.deploy.PromQl.Matcher;
import dev.haingestor.e2e.deploy.PromQl.Selector;
import dev.haingestor.e2e.deploy.PrometheusExposition.Sample;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every metric a Grafana panel, a dashboard variable or an alert rule reads must be one the running
 * services expose on {@code /actuator/prometheus} (Micrometer's JVM and process metrics included),
 * or one Prometheus makes itself ({@code up}, {@code ALERTS}, …). And every {@code label="value"}
 * they match on must occur in what is exposed ({@code job} values must be scrape jobs of
 * prometheus.yml): a renamed metric or label value fails here instead of silently showing nothing.
 *
 * <p>Metrics the services expose that no panel or rule reads are listed (not failed) in {@code
 * target/deploy-reports/unreferenced-metrics.txt}: candidates for the dashboards; each service's
 * whole exposition is kept beside it as {@code <service>.prom}.
 */
@ExtendWith(ComposeStackExtension.class)
class MetricReferencesIT {

  /** Series Prometheus makes itself for each target or rule, never scraped from a service. */
  private static final Set<String> PROMETHEUS_SERIES =
      Set.of(
          "up",
          "scrape_duration_seconds",
          "scrape_samples_scraped",
          "scrape_samples_post_metric_relabeling",
          "scrape_series_added",
          "ALERTS",
          "ALERTS_FOR_STATE");

  /** Labels Prometheus adds at scrape time. */
  private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

  private static final Pattern LITERAL_ALTERNATION =
      Pattern.compile("[A-Za-z0-9_.:-]+(\\|[A-Za-z0-9_.:-]+)*");

  private static final Path REPORTS = Path.of("target", "deploy-reports");

  private static Map<String, List<Map<String, String>>> exposed;
  private static Set<String> scrapeJobs;

  /** One PromQL text of a dashboard or rule, with where it comes from. */
  record Reference(String where, String promQl) {}

  /**
   * Scrapes once the pipeline has moved events (some meters exist only after their first use, e.g.
   * per-measurement counters), and again for up to 30 s while a referenced metric is still missing.
   */
  @BeforeAll
  static void scrapeTheRunningServices(ComposeStack stack) throws Exception {
    stack.awaitPointsInInfluxDb();
    scrapeJobs = PrometheusConfig.load().jobs().keySet();
    try {
      await("every referenced metric exposed")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> scrape(stack).isEmpty());
    } catch (ConditionTimeoutException stillMissing) {
      // The tests below name what is missing.
    }
  }

  /** Scrapes every service into {@link #exposed}; returns the referenced metrics not exposed. */
  private static List<String> scrape(ComposeStack stack) throws Exception {
    Map<String, List<Map<String, String>>> scraped = new LinkedHashMap<>();
    for (String service : ComposeStack.APPLICATIONS) {
      HttpResponse<String> scrape =
          ComposeContractIT.get(stack.process(service).baseUrl() + "/actuator/prometheus");
      assertThat(scrape.statusCode()).as("%s /actuator/prometheus", service).isEqualTo(200);
      // Kept for whoever extends the dashboards: what each service exposes, with its labels.
      Files.createDirectories(REPORTS);
      Files.writeString(REPORTS.resolve(service + ".prom"), scrape.body());
      for (Sample sample : PrometheusExposition.parse(scrape.body())) {
        scraped.computeIfAbsent(sample.name(), n -> new ArrayList<>()).add(sample.labels());
      }
    }
    exposed = scraped;
    return missingMetrics();
  }

  static List<Reference> references() {
    List<Reference> references = new ArrayList<>();
    for (Dashboards.Query query : Dashboards.queries("prometheus")) {
      references.add(new Reference(query.dashboard() + " " + query.where(), query.text()));
    }
    for (AlertRules.Rule rule : AlertRules.all()) {
      references.add(new Reference("alerts.yml " + rule.alert(), rule.expr()));
    }
    return references;
  }

  @Test
  void everyMetricOfTheDashboardsAndAlertRulesIsExposedByTheServices() {
    assertThat(references()).hasSizeGreaterThan(20);
    assertThat(missingMetrics()).as("metrics no running service exposes").isEmpty();
  }

  private static List<String> missingMetrics() {
    List<String> missing = new ArrayList<>();
    for (Reference reference : references()) {
      List<Selector> selectors = PromQl.selectors(reference.promQl());
      assertThat(selectors).as("metrics of %s", reference).isNotEmpty();
      for (Selector selector : selectors) {
        if (!PROMETHEUS_SERIES.contains(selector.metric())
            && !exposed.containsKey(selector.metric())) {
          missing.add(selector.metric() + " (" + reference.where() + ")");
        }
      }
    }
    return missing;
  }

  @Test
  void everyMatchedLabelValueOccursInWhatIsExposed() {
    List<String> unmatched = new ArrayList<>();
    for (Reference reference : references()) {
      for (Selector selector : PromQl.selectors(reference.promQl())) {
        for (Matcher matcher : selector.matchers()) {
          unmatched.addAll(check(reference, selector, matcher));
        }
      }
    }
    assertThat(unmatched).as("label values that match nothing").isEmpty();
  }

  private static List<String> check(Reference reference, Selector selector, Matcher matcher) {
    List<String> values = literalValues(matcher);
    if (values.isEmpty()
        || PROMETHEUS_SERIES.contains(selector.metric()) && !matcher.label().equals("job")) {
      return List.of();
    }
    List<String> unmatched = new ArrayList<>();
    for (String value : values) {
      boolean found =
          TARGET_LABELS.contains(matcher.label())
              ? !matcher.label().equals("job") || scrapeJobs.contains(value)
              : exposed.getOrDefault(selector.metric(), List.of()).stream()
                  .anyMatch(labels -> value.equals(labels.get(matcher.label())));
      if (!found) {
        unmatched.add(
            selector.metric()
                + "{"
                + matcher.label()
                + "=\""
                + value
                + "\"} ("
                + reference.where()
                + ")");
      }
    }
    return unmatched;
  }

  /**
   * The values a matcher must find: its value for {@code =}, each of a plain {@code a|b} for {@code
   * =~}.
   */
  private static List<String> literalValues(Matcher matcher) {
    if (matcher.value().contains("$")) {
      return List.of(); // a Grafana variable
    }
    return switch (matcher.operator()) {
      case "=" -> List.of(matcher.value());
      case "=~" ->
          LITERAL_ALTERNATION.matcher(matcher.value()).matches()
              ? List.of(matcher.value().split("\\|"))
              : List.of();
      default -> List.of();
    };
  }

  @Test
  void listsExposedMetricsThatNoPanelOrRuleReads() throws IOException {
    Set<String> read = new TreeSet<>();
    for (Reference reference : references()) {
      PromQl.selectors(reference.promQl()).forEach(s -> read.add(family(s.metric())));
    }
    Set<String> unread = new TreeSet<>();
    for (String name : exposed.keySet()) {
      if (name.startsWith("ha_ingestor_") && !read.contains(family(name))) {
        unread.add(family(name));
      }
    }
    Path report = REPORTS.resolve("unreferenced-metrics.txt");
    Files.createDirectories(REPORTS);
    Files.writeString(report, String.join("\n", unread) + "\n");
    if (!unread.isEmpty()) {
      System.out.println("[deploy] ha_ingestor_* metrics on no dashboard or alert: " + unread);
    }
    assertThat(exposed).as("scraped series").isNotEmpty();
  }

  /** The metric family of a series: without the histogram/summary suffixes. */
  private static String family(String series) {
    return series.replaceFirst("_(bucket|count|sum|max)$", "");
  }
}
