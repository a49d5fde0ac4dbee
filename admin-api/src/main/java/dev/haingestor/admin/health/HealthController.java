package dev.haingestor.admin.health;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/health}: the pipeline's health for dashboards. HTTP 200 for UP and DEGRADED,
 * 503 for DOWN, always with the full report as body. Liveness and readiness of admin-api itself
 * stay with Actuator ({@code /actuator/health/liveness}, {@code /readiness}).
 */
@RestController
class HealthController {

  private final HealthReporter reporter;

  HealthController(HealthReporter reporter) {
    this.reporter = reporter;
  }

  @GetMapping(path = "/api/v1/health", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<HealthReport>> health() {
    return reporter
        .report()
        .map(
            report ->
                ResponseEntity.status(
                        report.status() == ComponentStatus.DOWN
                            ? HttpStatus.SERVICE_UNAVAILABLE
                            : HttpStatus.OK)
                    .cacheControl(CacheControl.noStore())
                    .body(report));
  }
}
