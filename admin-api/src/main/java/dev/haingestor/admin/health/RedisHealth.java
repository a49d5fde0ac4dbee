package dev.haingestor.admin.health;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The answer to a Redis PING. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RedisHealth(ComponentStatus status, Long latencyMs, String reason) {

  static RedisHealth up(long latencyMs) {
    return new RedisHealth(ComponentStatus.UP, latencyMs, null);
  }

  static RedisHealth down(String reason) {
    return new RedisHealth(ComponentStatus.DOWN, null, reason);
  }
}
