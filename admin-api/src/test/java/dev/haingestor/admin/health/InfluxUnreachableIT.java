package dev.haingestor.admin.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.AdminApiIntegrationTest;
import dev.haingestor.common.status.ServiceStatusContract;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.testsupport.process.FreePorts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** InfluxDB's URL points at a port where nothing listens. */
class InfluxUnreachableIT extends AdminApiIntegrationTest {

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, InfluxUnreachableIT.class, "unused");
    int closedPort = FreePorts.next();
    registry.add("influxdb.url", () -> "http://127.0.0.1:" + closedPort);
  }

  @Autowired private ReactiveStringRedisTemplate redis;
  @Autowired private RedisKeys keys;

  @Test
  void healthReportsInfluxDbDownAsJsonWith503() {
    for (String service :
        new String[] {
          ServiceStatusContract.INGESTION_SERVICE, ServiceStatusContract.ENRICHMENT_SERVICE
        }) {
      redis
          .opsForHash()
          .putAll(
              keys.serviceStatus(service),
              Map.of(
                  ServiceStatusContract.STATUS,
                  "UP",
                  ServiceStatusContract.HA_CONNECTION,
                  "subscribed"))
          .block(Duration.ofSeconds(5));
    }

    HealthReport report =
        web.get()
            .uri("/api/v1/health")
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
            .expectBody(HealthReport.class)
            .returnResult()
            .getResponseBody();

    assertThat(report.status()).isEqualTo(ComponentStatus.DOWN);
    assertThat(report.components().influxdb().status()).isEqualTo(ComponentStatus.DOWN);
    assertThat(report.components().influxdb().reason()).contains("connection refused");
    assertThat(report.components().redis().status()).isEqualTo(ComponentStatus.UP);
    assertThat(report.reasons())
        .anySatisfy(reason -> assertThat(reason).startsWith("influxdb DOWN"));
  }

  @Test
  void eventsAnswer503Problem() {
    web.get()
        .uri("/api/v1/events?entity_id=sensor.living_temp")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:ha-ingestor:problem:influxdb-unavailable")
        .jsonPath("$.detail")
        .isEqualTo("InfluxDB is unreachable: connection refused");
  }
}
