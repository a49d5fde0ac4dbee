package dev.haingestor.admin.security;

import org.springframework.http.HttpMethod;

/**
 * The key a request needs, by method and path:
 *
 * <ul>
 *   <li>{@link #OPEN}: the OpenAPI document, and the health endpoints ({@code /api/v1/health},
 *       {@code /api/v1/health/**}, {@code /actuator/health/**}) unless {@code ADMIN_HEALTH_OPEN} is
 *       false; anything outside {@code /api} and {@code /actuator} (answered 404 anyway); CORS
 *       preflights.
 *   <li>{@link #READ}: {@code GET}/{@code HEAD} under {@code /api}; {@code /actuator/info} and
 *       {@code /actuator/prometheus}.
 *   <li>{@link #ADMIN}: every other method under {@code /api} (PUT, PATCH, POST, DELETE).
 * </ul>
 */
enum Access {
  OPEN,
  READ,
  ADMIN;

  static final String API = "/api/";
  static final String OPENAPI = "/api/v1/openapi.yaml";
  private static final String HEALTH = "/api/v1/health";
  private static final String ACTUATOR = "/actuator";
  private static final String ACTUATOR_HEALTH = "/actuator/health";

  static Access required(HttpMethod method, String path, boolean healthOpen) {
    if (HttpMethod.OPTIONS.equals(method)) {
      return OPEN;
    }
    if (isHealth(path)) {
      return healthOpen ? OPEN : READ;
    }
    if (path.equals(OPENAPI)) {
      return OPEN;
    }
    if (path.startsWith(API)) {
      return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) ? READ : ADMIN;
    }
    if (path.equals(ACTUATOR) || path.startsWith(ACTUATOR + "/")) {
      return READ;
    }
    return OPEN;
  }

  private static boolean isHealth(String path) {
    return path.equals(HEALTH)
        || path.startsWith(HEALTH + "/")
        || path.equals(ACTUATOR_HEALTH)
        || path.startsWith(ACTUATOR_HEALTH + "/");
  }
}
