package dev.haingestor.admin.health;

import dev.haingestor.admin.cache.CacheKey;
import dev.haingestor.admin.cache.CacheProperties;
import dev.haingestor.admin.cache.ResponseCache;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The health endpoints.
 *
 * <ul>
 *   <li>{@code GET /api/v1/health}: the pipeline's health for dashboards. HTTP 200 for UP and
 *       DEGRADED, 503 for DOWN, always with the full report as body; cached for {@code
 *       ADMIN_CACHE_HEALTH_TTL} in Redis.
 *   <li>{@code GET /api/v1/health/live}: liveness of admin-api itself: 200 whenever the process
 *       answers HTTP. Never checks a dependency: restarting admin-api does not heal Redis.
 *   <li>{@code GET /api/v1/health/ready}: readiness of admin-api: 200 when Redis answers PING
 *       within {@code ADMIN_HEALTH_CHECK_TIMEOUT} (every endpoint but history and events needs
 *       Redis), else 503. InfluxDB is not required: health, configuration and dead letters still
 *       work without it.
 * </ul>
 *
 * The same probes exist as Actuator's {@code /actuator/health/liveness} and {@code /readiness}.
 */
@RestController
class HealthController {

  private final HealthReporter reporter;
  private final RedisCheck redis;
  private final ResponseCache cache;
  private final CacheProperties cacheProperties;
  private final HealthProperties properties;

  HealthController(
      HealthReporter reporter,
      RedisCheck redis,
      ResponseCache cache,
      CacheProperties cacheProperties,
      HealthProperties properties) {
    this.reporter = reporter;
    this.redis = redis;
    this.cache = cache;
    this.cacheProperties = cacheProperties;
    this.properties = properties;
  }

  @GetMapping(path = "/api/v1/health", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<byte[]>> health() {
    return cache
        .answer(
            CacheKey.of("health"),
            cacheProperties.healthTtl(),
            () ->
                reporter
                    .report()
                    .map(report -> new ResponseCache.Answer(httpStatus(report), report)))
        .map(json -> json.toResponse(CacheControl.noStore()));
  }

  @GetMapping(path = "/api/v1/health/live", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> live() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(Map.of("status", ComponentStatus.UP));
  }

  @GetMapping(path = "/api/v1/health/ready", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<RedisHealth>> ready() {
    return redis
        .ping()
        .timeout(properties.checkTimeout())
        .onErrorResume(
            e -> Mono.just(RedisHealth.down(FailureReasons.describe(e, properties.checkTimeout()))))
        .map(
            health ->
                ResponseEntity.status(
                        health.status() == ComponentStatus.UP
                            ? HttpStatus.OK
                            : HttpStatus.SERVICE_UNAVAILABLE)
                    .cacheControl(CacheControl.noStore())
                    .body(health));
  }

  private static HttpStatus httpStatus(HealthReport report) {
    return report.status() == ComponentStatus.DOWN ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK;
  }
}
