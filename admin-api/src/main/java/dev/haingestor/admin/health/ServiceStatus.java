package dev.haingestor.admin.health;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.status.ServiceStatusContract;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What one service last announced in its status hash ({@link ServiceStatusContract}), or why
 * nothing could be read. A missing hash means the service stopped beating for longer than the
 * hash's TTL: it is DOWN.
 *
 * @param haConnection the ingestion service's connection state to HA ({@code null} for others)
 * @param lastEventAt HA timestamp of the newest event the service handled
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ServiceStatus(
    ComponentStatus status,
    String version,
    String instance,
    String updatedAt,
    String reason,
    String haConnection,
    String lastEventAt) {

  static final String NO_HEARTBEAT =
      "no heartbeat within " + ServiceStatusContract.HEARTBEAT_TTL.toSeconds() + "s";

  /** Reads a status hash as written by {@code ServiceHeartbeat}; an empty hash is a missing one. */
  static ServiceStatus fromHash(Map<String, String> hash) {
    if (hash.isEmpty()) {
      return missing();
    }
    String reported = hash.get(ServiceStatusContract.STATUS);
    ComponentStatus status = ComponentStatus.parse(reported);
    String reason = hash.get(ServiceStatusContract.REASON);
    if (status == null) {
      // Alive (it beats) but not saying how it is: not DOWN, not healthy either.
      status = ComponentStatus.DEGRADED;
      reason = "reported an unknown status '" + reported + "'";
    }
    return new ServiceStatus(
        status,
        hash.get(ServiceStatusContract.VERSION),
        hash.get(ServiceStatusContract.INSTANCE),
        hash.get(ServiceStatusContract.UPDATED_AT),
        reason,
        hash.get(ServiceStatusContract.HA_CONNECTION),
        hash.get(ServiceStatusContract.LAST_EVENT_AT));
  }

  /**
   * This status, DEGRADED when it claims UP but its {@code updated_at} is older than {@code
   * staleAfter}: the service stopped beating (hung, or its Redis writes fail) and its hash has not
   * expired yet. An unparsable or missing {@code updated_at} is left alone.
   */
  ServiceStatus staleAt(Instant now, Duration staleAfter) {
    if (status != ComponentStatus.UP || updatedAt == null) {
      return this;
    }
    Instant updated;
    try {
      updated = HaTimestamps.parse(updatedAt);
    } catch (IllegalArgumentException e) {
      return this;
    }
    Duration age = Duration.between(updated, now);
    if (age.compareTo(staleAfter) <= 0) {
      return this;
    }
    return new ServiceStatus(
        ComponentStatus.DEGRADED,
        version,
        instance,
        updatedAt,
        "stale heartbeat: last written " + age.toSeconds() + " s ago",
        haConnection,
        lastEventAt);
  }

  static ServiceStatus missing() {
    return down(NO_HEARTBEAT);
  }

  static ServiceStatus unreadable(String why) {
    return down("status unreadable: " + why);
  }

  private static ServiceStatus down(String reason) {
    return new ServiceStatus(ComponentStatus.DOWN, null, null, null, reason, null, null);
  }
}
