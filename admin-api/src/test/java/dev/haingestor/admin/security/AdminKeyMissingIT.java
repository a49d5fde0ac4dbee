package dev.haingestor.admin.security;

import dev.haingestor.admin.AdminApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The defaults: no key configured. Reads are open, changes disabled for everyone. */
class AdminKeyMissingIT extends AdminApiIntegrationTest {

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, AdminKeyMissingIT.class, "admin_nokey_unused");
  }

  @Test
  void disablesChangesWith403EvenWithAKey() {
    for (String key : new String[] {null, ADMIN_KEY}) {
      web.put()
          .uri("/api/v1/config")
          .headers(
              h -> {
                if (key != null) {
                  h.set("X-API-Key", key);
                }
              })
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{}")
          .exchange()
          .expectStatus()
          .isForbidden()
          .expectBody()
          .jsonPath("$.type")
          .isEqualTo("urn:ha-ingestor:problem:admin-disabled")
          .jsonPath("$.detail")
          .isEqualTo("Changes are disabled because ADMIN_API_KEY is not configured on admin-api");
    }
  }

  @Test
  void leavesReadsOpen() {
    web.get().uri("/api/v1/events").exchange().expectStatus().isBadRequest();
    web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
  }

  @Test
  void refusesAKeyThatMatchesNothingEvenOnOpenReads() {
    web.get()
        .uri("/api/v1/events")
        .header("X-API-Key", "0123456789abcdef0123")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }
}
