package dev.haingestor.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.AdminApiIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Keys, CORS and the Actuator surface with both keys configured. */
class ApiSecurityIT extends AdminApiIntegrationTest {

  private static final String DASHBOARD = "http://dashboard.local:3000";

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, ApiSecurityIT.class, "admin_security_unused");
    apiKeys(registry);
    registry.add("admin.cors.allowed-origins", () -> DASHBOARD);
    // These tests send many wrong keys on purpose; the lockout is AuthFailureLockoutIT's subject.
    registry.add("admin.rate-limit.auth-failures-per-minute", () -> "100000");
  }

  private WebTestClient.ResponseSpec call(HttpMethod method, String path, String key) {
    return web.method(method)
        .uri(path)
        .headers(
            headers -> {
              if (key != null) {
                headers.set("X-API-Key", key);
              }
            })
        .exchange();
  }

  private static void assertProblem(
      WebTestClient.ResponseSpec response, HttpStatus status, String type) {
    response
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(status.value())
        .jsonPath("$.type")
        .isEqualTo("urn:ha-ingestor:problem:" + type)
        .jsonPath("$.detail")
        .value(
            detail -> assertThat((String) detail).doesNotContain(ADMIN_KEY, READ_KEY, "Exception"));
  }

  @Test
  void refusesAReadWithoutKeyWith401AndAChallenge() {
    WebTestClient.ResponseSpec response = call(HttpMethod.GET, "/api/v1/events", null);

    response
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ha-ingestor\"");
    assertProblem(response, HttpStatus.UNAUTHORIZED, "unauthorized");
  }

  @Test
  void refusesAWrongKeyWith401() {
    assertProblem(
        call(HttpMethod.GET, "/api/v1/events", READ_KEY + "x"),
        HttpStatus.UNAUTHORIZED,
        "unauthorized");
    assertProblem(
        call(HttpMethod.PUT, "/api/v1/config", "wrong"), HttpStatus.UNAUTHORIZED, "unauthorized");
  }

  @Test
  void letsTheReadKeyAndTheAdminKeyRead() {
    // Past the filter, the endpoint validates its parameters: 400, not 401.
    call(HttpMethod.GET, "/api/v1/events", READ_KEY).expectStatus().isBadRequest();
    call(HttpMethod.GET, "/api/v1/events", ADMIN_KEY).expectStatus().isBadRequest();
    web.get()
        .uri("/api/v1/events")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + READ_KEY)
        .exchange()
        .expectStatus()
        .isBadRequest();
  }

  @Test
  void refusesTheReadKeyOnAdminEndpointsWith403() {
    assertProblem(
        call(HttpMethod.PUT, "/api/v1/config", READ_KEY), HttpStatus.FORBIDDEN, "forbidden");
  }

  @Test
  void refusesChangesWithoutKeyWith401() {
    assertProblem(
        call(HttpMethod.DELETE, "/api/v1/dead-letters/1-0", null),
        HttpStatus.UNAUTHORIZED,
        "unauthorized");
  }

  @Test
  void answersHealthAndProbesWithoutKey() {
    call(HttpMethod.GET, "/api/v1/health/live", null).expectStatus().isOk();
    call(HttpMethod.GET, "/api/v1/health/ready", null).expectStatus().isOk();
    call(HttpMethod.GET, "/actuator/health/liveness", null).expectStatus().isOk();
    call(HttpMethod.GET, "/actuator/health/readiness", null).expectStatus().isOk();
  }

  @Test
  void exposesOnlyHealthInfoAndPrometheus() {
    call(HttpMethod.GET, "/actuator/prometheus", READ_KEY)
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(
            body ->
                assertThat(body).contains("application=\"admin-api\"").doesNotContain(ADMIN_KEY));
    call(HttpMethod.GET, "/actuator/info", READ_KEY).expectStatus().isOk();
    for (String hidden :
        new String[] {
          "/actuator/env",
          "/actuator/heapdump",
          "/actuator/configprops",
          "/actuator/beans",
          "/actuator/threaddump",
          "/actuator/loggers"
        }) {
      call(HttpMethod.GET, hidden, ADMIN_KEY).expectStatus().isNotFound();
    }
  }

  @Test
  void protectsMetricsWithTheReadKey() {
    call(HttpMethod.GET, "/actuator/prometheus", null).expectStatus().isUnauthorized();
  }

  @Test
  void countsRejectedRequests() {
    call(HttpMethod.GET, "/api/v1/events", null).expectStatus().isUnauthorized();

    call(HttpMethod.GET, "/actuator/prometheus", READ_KEY)
        .expectBody(String.class)
        .value(
            body ->
                assertThat(body)
                    .containsPattern(
                        "ha_ingestor_admin_requests_rejected_total\\{[^}]*reason=\"unauthorized\"[^}]*} [1-9]"));
  }

  @Test
  void answersAPreflightOfTheDashboardOriginWithoutKey() {
    web.options()
        .uri("/api/v1/config")
        .header(HttpHeaders.ORIGIN, DASHBOARD)
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PUT")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "X-API-Key, If-Match, Content-Type")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, DASHBOARD)
        .expectHeader()
        .value(
            HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS,
            methods -> assertThat(methods).contains("PUT"));
  }

  @Test
  void addsCorsHeadersToAnswersForTheDashboardOnly() {
    web.get()
        .uri("/api/v1/health/live")
        .header(HttpHeaders.ORIGIN, DASHBOARD)
        .exchange()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, DASHBOARD);
    web.options()
        .uri("/api/v1/config")
        .header(HttpHeaders.ORIGIN, "http://evil.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PUT")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
  }

  static final List<String> READS =
      List.of(
          "/api/v1/stats",
          "/api/v1/entities",
          "/api/v1/entities/sensor.x",
          "/api/v1/entities/sensor.x/history",
          "/api/v1/events?domain=sensor",
          "/api/v1/pipeline",
          "/api/v1/config",
          "/api/v1/config/history",
          "/api/v1/dead-letters");

  static final List<String> CHANGES =
      List.of(
          "PUT /api/v1/config",
          "PATCH /api/v1/config",
          "POST /api/v1/dead-letters/replay",
          "DELETE /api/v1/dead-letters/1-0");

  static final List<String> OPEN =
      List.of(
          "/api/v1/health",
          "/api/v1/health/live",
          "/api/v1/health/ready",
          "/api/v1/openapi.yaml",
          "/actuator/health");

  private int status(HttpMethod method, String path, String key) {
    return web.method(method)
        .uri(path)
        .headers(
            headers -> {
              if (key != null) {
                headers.set("X-API-Key", key);
              }
            })
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectBody()
        .returnResult()
        .getStatus()
        .value();
  }

  @Test
  void guardsEveryReadWithTheReadKey() {
    for (String path : READS) {
      assertThat(status(HttpMethod.GET, path, null)).as(path).isEqualTo(401);
      assertThat(status(HttpMethod.GET, path, "not-a-key-at-all-0123")).as(path).isEqualTo(401);
      assertThat(status(HttpMethod.GET, path, READ_KEY)).as(path).isNotIn(401, 403);
      assertThat(status(HttpMethod.GET, path, ADMIN_KEY)).as(path).isNotIn(401, 403);
    }
  }

  @Test
  void guardsEveryChangeWithTheAdminKey() {
    for (String endpoint : CHANGES) {
      HttpMethod method = HttpMethod.valueOf(endpoint.substring(0, endpoint.indexOf(' ')));
      String path = endpoint.substring(endpoint.indexOf(' ') + 1);
      assertThat(status(method, path, null)).as(endpoint).isEqualTo(401);
      assertThat(status(method, path, "not-a-key-at-all-0123")).as(endpoint).isEqualTo(401);
      assertThat(status(method, path, READ_KEY)).as(endpoint).isEqualTo(403);
      assertThat(status(method, path, ADMIN_KEY)).as(endpoint).isNotIn(401, 403);
    }
  }

  @Test
  void leavesHealthAndTheDocumentOpen() {
    for (String path : OPEN) {
      assertThat(status(HttpMethod.GET, path, null)).as(path).isNotIn(401, 403);
    }
  }
}
