package dev.haingestor.ingestion.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.ingestion.ha.ConnectionState;
import dev.haingestor.ingestion.ha.ConnectionStateMachine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class ConnectionStatusReportingTest {

  private final ConnectionStateMachine machine =
      new ConnectionStateMachine(
          Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC),
          new SimpleMeterRegistry());
  private final HaConnectionHealthIndicator health = new HaConnectionHealthIndicator(machine);

  @Test
  void isUpWhileSubscribed() {
    machine.moveTo(ConnectionState.CONNECTING, null);
    machine.moveTo(ConnectionState.AUTHENTICATING, null);
    machine.moveTo(ConnectionState.SUBSCRIBED, null);
    machine.eventRead(Instant.parse("2024-05-01T09:59:59.5Z"));

    Health result = health.health();

    assertThat(result.getStatus()).isEqualTo(Status.UP);
    assertThat(result.getDetails())
        .containsEntry("state", "subscribed")
        .containsEntry("lastEventAt", "2024-05-01T09:59:59.500000+00:00");
    assertThat(IngestionHeartbeat.serviceStatus(machine.state())).isEqualTo("UP");
  }

  @Test
  void isDownWithTheReasonWhenTheTokenWasRefused() {
    machine.moveTo(ConnectionState.CONNECTING, null);
    machine.moveTo(ConnectionState.AUTHENTICATING, null);
    machine.moveTo(ConnectionState.AUTH_FAILED, "refused the access token");

    Health result = health.health();

    assertThat(result.getStatus()).isEqualTo(Status.DOWN);
    assertThat(result.getDetails())
        .containsEntry("state", "auth_failed")
        .containsEntry("reason", "refused the access token");
    assertThat(IngestionHeartbeat.serviceStatus(machine.state())).isEqualTo("DOWN");
  }

  @Test
  void isOutOfServiceWhileBackingOffAndUnknownWhileConnecting() {
    machine.moveTo(ConnectionState.CONNECTING, null);
    assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
    assertThat(IngestionHeartbeat.serviceStatus(machine.state())).isEqualTo("DEGRADED");

    machine.moveTo(ConnectionState.BACKING_OFF, "connection refused");

    assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(health.health().getDetails()).containsEntry("reason", "connection refused");
    assertThat(IngestionHeartbeat.serviceStatus(machine.state())).isEqualTo("DEGRADED");
  }
}
