package dev.haingestor.admin.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.AdminApiIntegrationTest;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.process.FreePorts;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis' port has nothing listening: every endpoint that needs Redis answers a 503 problem (the
 * response cache and the history block cache step aside on their own, so history still answers from
 * InfluxDB), liveness stays UP, and nothing answers 500.
 */
class RedisUnreachableIT extends AdminApiIntegrationTest {

  private static final String DATABASE = RealServers.influx().createDatabase("admin_noredis");

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, RedisUnreachableIT.class, DATABASE);
    int closedPort = FreePorts.next();
    registry.add("spring.data.redis.port", () -> closedPort);
    apiKeys(registry);
  }

  @Test
  void answersReadsThatNeedRedisWith503Problems() {
    for (String path :
        new String[] {
          "/api/v1/stats",
          "/api/v1/entities",
          "/api/v1/entities/sensor.x",
          "/api/v1/pipeline",
          "/api/v1/config",
          "/api/v1/config/history",
          "/api/v1/dead-letters"
        }) {
      web.get()
          .uri(path)
          .header("X-API-Key", READ_KEY)
          .exchange()
          .expectStatus()
          .isEqualTo(503)
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody()
          .jsonPath("$.type")
          .isEqualTo("urn:ha-ingestor:problem:redis-unavailable")
          .jsonPath("$.detail")
          .value(detail -> assertThat((String) detail).startsWith("Redis is unavailable"));
    }
  }

  @Test
  void answersHistoryFromInfluxDbWithoutItsCaches() {
    RealServers.influx()
        .influxQl()
        .write(
            DATABASE,
            "W,domain=sensor,entity_id=power value=5 "
                + HaTimestamps.toEpochMicros(Instant.parse("2024-05-01T10:30:00Z")),
            "us");

    web.get()
        .uri(
            "/api/v1/entities/sensor.power/history?start=2024-05-01T10:00:00Z&end=2024-05-01T11:00:00Z")
        .header("X-API-Key", READ_KEY)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.count")
        .isEqualTo(1)
        .jsonPath("$.series[0].points[0].value")
        .isEqualTo(5.0);
  }

  @Test
  void answersChangesWith503Problems() {
    web.put()
        .uri("/api/v1/config")
        .header("X-API-Key", ADMIN_KEY)
        .header("If-Match", "\"0\"")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isEqualTo(503);
    web.post()
        .uri("/api/v1/dead-letters/replay")
        .header("X-API-Key", ADMIN_KEY)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"all\":true}")
        .exchange()
        .expectStatus()
        .isEqualTo(503);
  }

  @Test
  void reportsThePipelineDownButStaysAlive() {
    web.get()
        .uri("/api/v1/health")
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("DOWN")
        .jsonPath("$.components.redis.status")
        .isEqualTo("DOWN");
    web.get().uri("/api/v1/health/ready").exchange().expectStatus().isEqualTo(503);
    web.get().uri("/api/v1/health/live").exchange().expectStatus().isOk();
    web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    web.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
  }
}
