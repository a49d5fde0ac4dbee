package dev.haingestor.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class AccessTest {

  @Test
  void readsNeedTheReadLevelAndChangesTheAdminLevel() {
    assertThat(Access.required(HttpMethod.GET, "/api/v1/stats", true)).isEqualTo(Access.READ);
    assertThat(Access.required(HttpMethod.HEAD, "/api/v1/entities", true)).isEqualTo(Access.READ);
    assertThat(Access.required(HttpMethod.PUT, "/api/v1/config", true)).isEqualTo(Access.ADMIN);
    assertThat(Access.required(HttpMethod.PATCH, "/api/v1/config", true)).isEqualTo(Access.ADMIN);
    assertThat(Access.required(HttpMethod.POST, "/api/v1/dead-letters/replay", true))
        .isEqualTo(Access.ADMIN);
    assertThat(Access.required(HttpMethod.DELETE, "/api/v1/dead-letters/1-0", true))
        .isEqualTo(Access.ADMIN);
  }

  @Test
  void healthIsOpenOnlyWhenConfigured() {
    for (String path :
        new String[] {
          "/api/v1/health", "/api/v1/health/ready", "/actuator/health", "/actuator/health/liveness"
        }) {
      assertThat(Access.required(HttpMethod.GET, path, true)).as(path).isEqualTo(Access.OPEN);
      assertThat(Access.required(HttpMethod.GET, path, false)).as(path).isEqualTo(Access.READ);
    }
    // A prefix is not enough.
    assertThat(Access.required(HttpMethod.GET, "/api/v1/healthz", true)).isEqualTo(Access.READ);
  }

  @Test
  void actuatorMetricsNeedTheReadLevel() {
    assertThat(Access.required(HttpMethod.GET, "/actuator/prometheus", true))
        .isEqualTo(Access.READ);
    assertThat(Access.required(HttpMethod.GET, "/actuator", true)).isEqualTo(Access.READ);
  }

  @Test
  void theOpenApiDocumentAndPreflightsAreOpen() {
    assertThat(Access.required(HttpMethod.GET, "/api/v1/openapi.yaml", false))
        .isEqualTo(Access.OPEN);
    assertThat(Access.required(HttpMethod.OPTIONS, "/api/v1/config", false)).isEqualTo(Access.OPEN);
  }

  @Test
  void takesTheKeyFromTheHeaderOrBearer() {
    var headers = new org.springframework.http.HttpHeaders();
    assertThat(ApiAccessFilter.presentedKey(headers)).isNull();
    headers.set("Authorization", "Basic dXNlcjpwYXNz");
    assertThat(ApiAccessFilter.presentedKey(headers)).isNull();
    headers.set("Authorization", "bearer abc ");
    assertThat(ApiAccessFilter.presentedKey(headers)).isEqualTo("abc");
    headers.set("X-API-Key", "xyz");
    assertThat(ApiAccessFilter.presentedKey(headers)).isEqualTo("xyz");
  }
}
