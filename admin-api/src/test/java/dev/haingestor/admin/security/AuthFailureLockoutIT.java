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
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Authentication refusals (issue 8, "Hostile input" 3) and the limit on failed authentications:
 * missing, wrong and read keys on every admin endpoint are 401/403 problems (401 with a challenge);
 * after {@code ADMIN_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE} (here 3) wrong keys, every request of
 * that address that presents a key — even the right one, so that guesses teach nothing — is 429
 * with {@code Retry-After}, while requests without a key are still served.
 */
class AuthFailureLockoutIT extends AdminApiIntegrationTest {

  private static final List<String[]> ADMIN_ENDPOINTS =
      List.of(
          new String[] {"PUT", "/api/v1/config"},
          new String[] {"PATCH", "/api/v1/config"},
          new String[] {"POST", "/api/v1/dead-letters/replay"},
          new String[] {"DELETE", "/api/v1/dead-letters/1-0"});

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, AuthFailureLockoutIT.class, "admin_lockout_unused");
    apiKeys(registry);
    registry.add("admin.rate-limit.auth-failures-per-minute", () -> "3");
  }

  private EntityExchangeResult<byte[]> call(
      String method, String path, String header, String value) {
    return web.method(HttpMethod.valueOf(method))
        .uri(path)
        .headers(
            h -> {
              if (header != null) {
                h.set(header, value);
              }
            })
        .exchange()
        .expectBody()
        .returnResult();
  }

  private static void assertProblem(EntityExchangeResult<byte[]> result, int status, String type) {
    assertThat(result.getStatus().value()).as(result.toString()).isEqualTo(status);
    assertThat(result.getResponseHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(new String(result.getResponseBody()))
        .contains("\"type\":\"urn:ha-ingestor:problem:" + type + "\"")
        .contains("\"status\":" + status)
        .doesNotContain(ADMIN_KEY, READ_KEY, "Exception", "at dev.");
    if (status == 401) {
      assertThat(result.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
          .isEqualTo("Bearer realm=\"ha-ingestor\"");
    }
  }

  @Test
  void refusesMissingAndReadKeysOnEveryAdminEndpointAndThenLocksOutWrongKeys() {
    // Missing keys and the read key are no failed authentication: never locked out.
    for (int round = 0; round < 2; round++) {
      for (String[] endpoint : ADMIN_ENDPOINTS) {
        assertProblem(call(endpoint[0], endpoint[1], null, null), 401, "unauthorized");
        assertProblem(
            call(endpoint[0], endpoint[1], "Authorization", "Basic YWRtaW46YWRtaW4="),
            401,
            "unauthorized");
        assertProblem(call(endpoint[0], endpoint[1], "X-API-Key", READ_KEY), 403, "forbidden");
        assertProblem(
            call(endpoint[0], endpoint[1], "Authorization", "Bearer " + READ_KEY),
            403,
            "forbidden");
      }
    }

    // Three wrong keys (prefix, case, suffix of the admin key) are 401 ...
    assertProblem(
        call("PUT", "/api/v1/config", "X-API-Key", ADMIN_KEY.substring(0, 20)),
        401,
        "unauthorized");
    assertProblem(
        call("POST", "/api/v1/dead-letters/replay", "X-API-Key", ADMIN_KEY.toUpperCase()),
        401,
        "unauthorized");
    assertProblem(
        call("GET", "/api/v1/events", "Authorization", "Bearer " + ADMIN_KEY + "x"),
        401,
        "unauthorized");

    // ... the fourth is 429, and so is the right key from the same address: no oracle.
    for (String key : List.of("wrong-key-0123456789abcdef", ADMIN_KEY, READ_KEY)) {
      EntityExchangeResult<byte[]> locked = call("GET", "/api/v1/config", "X-API-Key", key);
      assertProblem(locked, HttpStatus.TOO_MANY_REQUESTS.value(), "rate-limited");
      long retryAfter =
          Long.parseLong(locked.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
      assertThat(retryAfter).isBetween(1L, 60L);
    }

    // Callers without a key are not locked out of what is open to them.
    assertThat(call("GET", "/api/v1/health/live", null, null).getStatus().value()).isEqualTo(200);
  }
}
