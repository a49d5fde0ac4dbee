package dev.haingestor.admin.health;

import static dev.haingestor.admin.health.ComponentStatus.DEGRADED;
import static dev.haingestor.admin.health.ComponentStatus.DOWN;
import static dev.haingestor.admin.health.ComponentStatus.UP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.status.ServiceStatusContract;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthRulesTest {

  private static final String INGESTION = ServiceStatusContract.INGESTION_SERVICE;
  private static final String ENRICHMENT = ServiceStatusContract.ENRICHMENT_SERVICE;
  private static final String ADMIN = ServiceStatusContract.ADMIN_API;

  /** A healthy pipeline, changed by the tests one component at a time. */
  private final Map<String, ServiceStatus> services = new LinkedHashMap<>();

  private RedisHealth redis = RedisHealth.up(1);
  private InfluxHealth influx = new InfluxHealth(UP, "2.7.10", 2L, null);
  private PipelineHealth pipeline =
      PipelineHealth.evaluate(
          10, new ConsumerGroupHealth("enrichment", 1, 0, 0L, "1-0"), 0, 1000, 10000);

  HealthRulesTest() {
    services.put(INGESTION, beating(UP, "subscribed"));
    services.put(ENRICHMENT, beating(UP, null));
    services.put(ADMIN, beating(UP, null));
  }

  private static ServiceStatus beating(ComponentStatus status, String haConnection) {
    return new ServiceStatus(
        status, "0.1.0", "host-1", "2024-05-01T10:00:00+00:00", null, haConnection, null);
  }

  private HealthRules.Verdict verdict() {
    HaHealth ha = HaHealth.of(services.get(INGESTION));
    return HealthRules.evaluate(new HealthReport.Components(services, redis, influx, pipeline, ha));
  }

  @Test
  void isUpWhenEverythingIsUp() {
    assertThat(verdict()).isEqualTo(new HealthRules.Verdict(UP, java.util.List.of()));
  }

  @Test
  void isDownWhenRedisIsDown() {
    redis = RedisHealth.down("connection refused");

    assertThat(verdict().status()).isEqualTo(DOWN);
    assertThat(verdict().reasons()).containsExactly("redis DOWN: connection refused");
  }

  @Test
  void isDownWhenInfluxDbIsDown() {
    influx = InfluxHealth.down("InfluxDB is unreachable: connection refused");

    assertThat(verdict().status()).isEqualTo(DOWN);
  }

  @Test
  void isDownWhenIngestionHasNoHeartbeat() {
    services.put(INGESTION, ServiceStatus.missing());

    HealthRules.Verdict verdict = verdict();

    assertThat(verdict.status()).isEqualTo(DOWN);
    assertThat(verdict.reasons())
        .contains("ingestion-service DOWN: no heartbeat within 20s")
        .anySatisfy(reason -> assertThat(reason).startsWith("ha DOWN"));
  }

  @Test
  void isDownWhenEnrichmentReportsDown() {
    services.put(
        ENRICHMENT,
        new ServiceStatus(
            DOWN, "0.1.0", "h", "2024-05-01T10:00:00+00:00", "sink failed", null, null));

    assertThat(verdict().status()).isEqualTo(DOWN);
    assertThat(verdict().reasons()).containsExactly("enrichment-service DOWN: sink failed");
  }

  @Test
  void isDownWhenHaRefusedTheToken() {
    services.put(
        INGESTION,
        new ServiceStatus(
            DEGRADED,
            "0.1.0",
            "h",
            "2024-05-01T10:00:00+00:00",
            "Invalid access token",
            "auth_failed",
            null));

    HealthRules.Verdict verdict = verdict();

    assertThat(verdict.status()).isEqualTo(DOWN);
    assertThat(verdict.reasons()).contains("ha DOWN: Invalid access token");
  }

  @Test
  void isDegradedWhenHaIsNotSubscribed() {
    services.put(INGESTION, beating(UP, "connecting"));

    assertThat(verdict().status()).isEqualTo(DEGRADED);
    assertThat(verdict().reasons()).containsExactly("ha DEGRADED: not subscribed to HA events");
  }

  @Test
  void isDegradedWhenAServiceIsDegraded() {
    services.put(ENRICHMENT, beating(DEGRADED, null));

    assertThat(verdict().status()).isEqualTo(DEGRADED);
  }

  @Test
  void isOnlyDegradedWhenAdminApiHeartbeatIsMissing() {
    services.put(ADMIN, ServiceStatus.missing());

    assertThat(verdict().status()).isEqualTo(DEGRADED);
  }

  @Test
  void isDegradedWithDeadLetters() {
    pipeline =
        PipelineHealth.evaluate(
            10, new ConsumerGroupHealth("enrichment", 1, 0, 0L, "1-0"), 3, 1000, 10000);

    assertThat(verdict().status()).isEqualTo(DEGRADED);
    assertThat(verdict().reasons()).containsExactly("pipeline DEGRADED: 3 dead letters");
  }

  @Test
  void isOnlyDegradedWhenPipelineNumbersAreUnreadable() {
    pipeline = PipelineHealth.down("no answer within 2000 ms");

    assertThat(verdict().status()).isEqualTo(DEGRADED);
  }

  @Test
  void downWinsOverDegraded() {
    services.put(ENRICHMENT, beating(DEGRADED, null));
    influx = InfluxHealth.down("unreachable");

    assertThat(verdict().status()).isEqualTo(DOWN);
    assertThat(verdict().reasons()).hasSize(2);
  }
}
