package dev.haingestor.ingestion.status;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.ingestion.ha.ConnectionStateMachine;
import dev.haingestor.ingestion.ha.ConnectionStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Health component {@code haConnection}: UP while subscribed; DOWN when HA refused the token (a
 * configuration error nobody but an operator can fix); OUT_OF_SERVICE while backing off after a
 * failure; UNKNOWN while (re)connecting or stopped. Details carry the state, its reason and since
 * when.
 */
@Component
public class HaConnectionHealthIndicator implements HealthIndicator {

  private final ConnectionStateMachine connection;

  public HaConnectionHealthIndicator(ConnectionStateMachine connection) {
    this.connection = connection;
  }

  @Override
  public Health health() {
    ConnectionStatus status = connection.status();
    Health.Builder health = new Health.Builder(statusOf(status));
    health.withDetail("state", status.state().wireName());
    health.withDetail("since", HaTimestamps.format(status.since()));
    if (status.reason() != null) {
      health.withDetail("reason", status.reason());
    }
    connection.haState().ifPresent(state -> health.withDetail("haState", state));
    connection
        .lastEventAt()
        .ifPresent(at -> health.withDetail("lastEventAt", HaTimestamps.format(at)));
    return health.build();
  }

  static Status statusOf(ConnectionStatus status) {
    return switch (status.state()) {
      case SUBSCRIBED -> Status.UP;
      case AUTH_FAILED -> Status.DOWN;
      case BACKING_OFF -> Status.OUT_OF_SERVICE;
      case DISCONNECTED, CONNECTING, AUTHENTICATING -> Status.UNKNOWN;
    };
  }
}
