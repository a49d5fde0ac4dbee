package dev.haingestor.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.AdminApiIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** Three requests per second per caller. */
class RateLimitIT extends AdminApiIntegrationTest {

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, RateLimitIT.class, "admin_ratelimit_unused");
    apiKeys(registry);
    registry.add("admin.rate-limit.requests-per-second", () -> "3");
  }

  private EntityExchangeResult<byte[]> live(String key) {
    return web.get()
        .uri("/api/v1/health/live")
        .headers(
            h -> {
              if (key != null) {
                h.set("X-API-Key", key);
              }
            })
        .exchange()
        .expectBody()
        .returnResult();
  }

  @Test
  void answers429WithRetryAfterBeyondTheLimitOfAKey() {
    List<EntityExchangeResult<byte[]>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      results.add(live(READ_KEY));
    }

    // 8 requests span at most two 1-second periods: at most 6 permissions.
    List<EntityExchangeResult<byte[]>> limited =
        results.stream().filter(r -> r.getStatus() == HttpStatus.TOO_MANY_REQUESTS).toList();
    assertThat(limited).isNotEmpty();
    EntityExchangeResult<byte[]> first = limited.get(0);
    assertThat(first.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    assertThat(new String(first.getResponseBody()))
        .contains("\"type\":\"urn:ha-ingestor:problem:rate-limited\"")
        .contains("\"status\":429");
  }

  @Test
  void limitsEachKeySeparately() {
    for (int i = 0; i < 8; i++) {
      live(ADMIN_KEY);
    }
    // The admin key's limiter is exhausted; the anonymous caller has its own.
    assertThat(live(null).getStatus()).isEqualTo(HttpStatus.OK);
  }
}
