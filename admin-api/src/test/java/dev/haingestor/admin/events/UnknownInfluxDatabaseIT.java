package dev.haingestor.admin.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.AdminApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** InfluxDB answers {@code /query} for a database that does not exist with HTTP 200 + error. */
class UnknownInfluxDatabaseIT extends AdminApiIntegrationTest {

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, UnknownInfluxDatabaseIT.class, "admin_never_created");
  }

  @Test
  void answersBadGatewayWithInfluxDbsErrorAsProblem() {
    web.get()
        .uri("/api/v1/events?entity_id=sensor.living_temp")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.BAD_GATEWAY)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(502)
        .jsonPath("$.type")
        .isEqualTo("urn:ha-ingestor:problem:influxdb-error")
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("database not found"));
  }
}
