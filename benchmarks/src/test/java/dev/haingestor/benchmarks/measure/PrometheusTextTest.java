package dev.haingestor.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  private static final String SCRAPE =
      """
      # HELP ha_ingestor_pipeline_latency_seconds From the event's time_fired to InfluxDB's 2xx
      # TYPE ha_ingestor_pipeline_latency_seconds histogram
      ha_ingestor_pipeline_latency_seconds_bucket{application="enrichment-service",source="live",le="0.001"} 3
      ha_ingestor_pipeline_latency_seconds_bucket{application="enrichment-service",source="live",le="0.002"} 7
      ha_ingestor_pipeline_latency_seconds_bucket{application="enrichment-service",source="live",le="+Inf"} 9
      ha_ingestor_pipeline_latency_seconds_bucket{application="enrichment-service",source="backfill",le="0.001"} 100
      ha_ingestor_pipeline_latency_seconds_count{application="enrichment-service",source="live"} 9
      ha_ingestor_enrichment_dead_letters_total{application="enrichment-service",reason="say \\"hi\\", twice"} 2.0
      ha_ingestor_enrichment_dead_letters_total{application="enrichment-service",reason="rejected"} 3.0
      process_uptime_seconds 12.5
      """;

  @Test
  void readsTheBucketsOfOneLabelSet() {
    PrometheusText text = PrometheusText.parse(SCRAPE);

    assertThat(text.buckets("ha_ingestor_pipeline_latency_seconds", Map.of("source", "live")))
        .containsExactly(
            Map.entry(0.001, 3.0), Map.entry(0.002, 7.0), Map.entry(Double.POSITIVE_INFINITY, 9.0));
  }

  @Test
  void sumsCountersOverMatchingLabelsIncludingEscapedQuotesAndCommas() {
    PrometheusText text = PrometheusText.parse(SCRAPE);

    assertThat(text.sum("ha_ingestor_enrichment_dead_letters_total", Map.of())).isEqualTo(5.0);
    assertThat(
            text.sum(
                "ha_ingestor_enrichment_dead_letters_total", Map.of("reason", "say \"hi\", twice")))
        .isEqualTo(2.0);
    assertThat(text.sum("process_uptime_seconds", Map.of())).isEqualTo(12.5);
  }

  @Test
  void aMissingMeterCountsNothing() {
    PrometheusText text = PrometheusText.parse(SCRAPE);

    assertThat(text.has("ha_ingestor_ingestion_lag_seconds_bucket")).isFalse();
    assertThat(text.buckets("ha_ingestor_ingestion_lag_seconds", Map.of())).isEmpty();
    assertThat(text.sum("ha_ingestor_ingestion_reconnects_total", Map.of())).isZero();
  }
}
