package dev.haingestor.admin.health;

import dev.haingestor.admin.influx.InfluxPing;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The answer to InfluxDB's {@code GET /ping}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InfluxHealth(ComponentStatus status, String version, Long latencyMs, String reason) {

  static InfluxHealth of(InfluxPing ping) {
    return ping.ok()
        ? new InfluxHealth(ComponentStatus.UP, ping.version(), ping.latency().toMillis(), null)
        : new InfluxHealth(
            ComponentStatus.DOWN,
            ping.version(),
            ping.latency().toMillis(),
            "/ping answered HTTP " + ping.status());
  }

  static InfluxHealth down(String reason) {
    return new InfluxHealth(ComponentStatus.DOWN, null, null, reason);
  }
}
