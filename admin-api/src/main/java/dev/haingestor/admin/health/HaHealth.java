package dev.haingestor.admin.health;

/**
 * The ingestion service's connection to Home Assistant, as it reports it in its status hash.
 *
 * @param connection e.g. {@code subscribed}, {@code connecting}, {@code auth_failed}; {@code null}
 *     when unknown
 */
public record HaHealth(ComponentStatus status, String connection, String reason) {

  static final String SUBSCRIBED = "subscribed";
  static final String AUTH_FAILED = "auth_failed";

  /**
   * UP when subscribed to {@code state_changed}; DOWN when the token was refused (a configuration
   * error that no retry fixes, HA_PROTOCOL.md §2) or when the ingestion service is DOWN without a
   * connection state (no heartbeat: nobody holds the connection); DEGRADED in every other state
   * (connecting, reconnecting, …).
   */
  static HaHealth of(ServiceStatus ingestion) {
    String connection = ingestion.haConnection();
    if (connection == null && ingestion.status() == ComponentStatus.DOWN) {
      return new HaHealth(ComponentStatus.DOWN, null, "ingestion-service: " + ingestion.reason());
    }
    if (SUBSCRIBED.equals(connection)) {
      return new HaHealth(ComponentStatus.UP, connection, null);
    }
    if (AUTH_FAILED.equals(connection)) {
      return new HaHealth(
          ComponentStatus.DOWN,
          connection,
          ingestion.reason() != null ? ingestion.reason() : "HA refused the access token");
    }
    if (connection == null) {
      return new HaHealth(
          ComponentStatus.DEGRADED, null, "ingestion-service reports no HA connection state");
    }
    return new HaHealth(
        ComponentStatus.DEGRADED,
        connection,
        ingestion.reason() != null ? ingestion.reason() : "not subscribed to HA events");
  }
}
