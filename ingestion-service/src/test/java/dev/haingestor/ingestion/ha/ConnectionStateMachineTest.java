package dev.haingestor.ingestion.ha;

import static dev.haingestor.ingestion.ha.ConnectionState.AUTHENTICATING;
import static dev.haingestor.ingestion.ha.ConnectionState.AUTH_FAILED;
import static dev.haingestor.ingestion.ha.ConnectionState.BACKING_OFF;
import static dev.haingestor.ingestion.ha.ConnectionState.CONNECTING;
import static dev.haingestor.ingestion.ha.ConnectionState.DISCONNECTED;
import static dev.haingestor.ingestion.ha.ConnectionState.SUBSCRIBED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ConnectionStateMachineTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ConnectionStateMachine machine =
      new ConnectionStateMachine(
          Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC), registry);

  @Test
  void startsDisconnected() {
    assertThat(machine.state()).isEqualTo(DISCONNECTED);
    assertThat(gauge(DISCONNECTED)).isEqualTo(1.0);
  }

  @Test
  void followsAConnectionThroughItsLife() {
    assertThat(machine.moveTo(CONNECTING, null)).isTrue();
    assertThat(machine.moveTo(AUTHENTICATING, null)).isTrue();
    assertThat(machine.moveTo(SUBSCRIBED, null)).isTrue();
    assertThat(machine.moveTo(BACKING_OFF, "closed")).isTrue();
    assertThat(machine.moveTo(CONNECTING, null)).isTrue();
    assertThat(machine.moveTo(AUTHENTICATING, null)).isTrue();
    assertThat(machine.moveTo(AUTH_FAILED, "Invalid access token")).isTrue();

    assertThat(machine.status().reason()).isEqualTo("Invalid access token");
    assertThat(machine.status().since()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
  }

  @Test
  void aReconnectWindowStartsAtTheNewestEventReadBeforeTheSubscription() {
    subscribe();
    machine.eventRead(Instant.parse("2024-05-01T09:00:01Z"));
    machine.reconnectWindowRecorded(machine.reconnectWindowStart());
    machine.eventRead(Instant.parse("2024-05-01T09:00:02Z"));
    machine.moveTo(BACKING_OFF, "closed");

    subscribe();

    assertThat(machine.reconnectWindowStart().lastEventRead())
        .contains(Instant.parse("2024-05-01T09:00:02Z"));
  }

  @Test
  void aWindowNotYetRecordedKeepsItsStartAcrossLaterSubscriptions() {
    subscribe();
    machine.eventRead(Instant.parse("2024-05-01T09:00:01Z"));
    machine.reconnectWindowRecorded(machine.reconnectWindowStart());
    machine.moveTo(BACKING_OFF, "closed");
    subscribe(); // its window is never recorded: the connection ends first
    machine.eventRead(Instant.parse("2024-05-01T09:00:05Z"));
    machine.moveTo(BACKING_OFF, "closed");

    subscribe();

    assertThat(machine.reconnectWindowStart().lastEventRead())
        .contains(Instant.parse("2024-05-01T09:00:01Z"));
  }

  @Test
  void aSubscriptionAfterTheStartWasTakenKeepsTheWindowOpen() {
    subscribe();
    machine.eventRead(Instant.parse("2024-05-01T09:00:01Z"));
    ConnectionStateMachine.ReconnectWindowStart taken = machine.reconnectWindowStart();
    machine.moveTo(BACKING_OFF, "closed");
    subscribe();
    machine.eventRead(Instant.parse("2024-05-01T09:00:05Z"));

    assertThat(machine.reconnectWindowRecorded(taken)).isFalse();
    ConnectionStateMachine.ReconnectWindowStart next = machine.reconnectWindowStart();
    assertThat(next.lastEventRead()).isEmpty(); // nothing was read before the first subscription
    assertThat(machine.reconnectWindowRecorded(next)).isTrue();
  }

  private void subscribe() {
    machine.moveTo(CONNECTING, null);
    machine.moveTo(AUTHENTICATING, null);
    machine.moveTo(SUBSCRIBED, null);
  }

  @Test
  void refusesTransitionsThatSkipSteps() {
    assertThat(machine.moveTo(SUBSCRIBED, null)).isFalse();
    machine.moveTo(CONNECTING, null);
    assertThat(machine.moveTo(SUBSCRIBED, null)).isFalse();
    assertThat(machine.state()).isEqualTo(CONNECTING);
  }

  @Test
  void setsTheGaugeOfTheCurrentStateToOneAndAllOthersToZero() {
    machine.moveTo(CONNECTING, null);
    machine.moveTo(AUTHENTICATING, null);
    machine.moveTo(SUBSCRIBED, null);

    for (ConnectionState state : ConnectionState.values()) {
      assertThat(gauge(state)).as(state.name()).isEqualTo(state == SUBSCRIBED ? 1.0 : 0.0);
    }
  }

  @Test
  void ignoresLateSignalsOnceClosed() {
    machine.moveTo(CONNECTING, null);
    machine.moveTo(AUTHENTICATING, null);

    machine.close();

    assertThat(machine.moveTo(SUBSCRIBED, null)).isFalse();
    assertThat(machine.state()).isEqualTo(DISCONNECTED);
  }

  @Test
  void remembersTheNewestEventTime() {
    machine.eventRead(Instant.parse("2024-05-01T10:00:02Z"));
    machine.eventRead(Instant.parse("2024-05-01T10:00:01Z"));

    assertThat(machine.lastEventAt()).contains(Instant.parse("2024-05-01T10:00:02Z"));
  }

  private double gauge(ConnectionState state) {
    return registry
        .get(MetricNames.INGESTION_CONNECTION_STATE)
        .tag(ConnectionStateMachine.STATE_TAG, state.wireName())
        .gauge()
        .value();
  }
}
