package dev.haingestor.admin.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceStatusTest {

  @Test
  void readsEveryFieldOfTheStatusHash() {
    ServiceStatus status =
        ServiceStatus.fromHash(
            Map.of(
                "service", "ingestion-service",
                "status", "DEGRADED",
                "version", "0.1.0",
                "instance", "host-1",
                "updated_at", "2024-05-01T10:00:00+00:00",
                "reason", "reconnecting",
                "ha_connection", "connecting",
                "last_event_at", "2024-05-01T09:59:59.500000+00:00"));

    assertThat(status)
        .isEqualTo(
            new ServiceStatus(
                ComponentStatus.DEGRADED,
                "0.1.0",
                "host-1",
                "2024-05-01T10:00:00+00:00",
                "reconnecting",
                "connecting",
                "2024-05-01T09:59:59.500000+00:00"));
  }

  @Test
  void treatsAMissingHashAsDown() {
    ServiceStatus status = ServiceStatus.fromHash(Map.of());

    assertThat(status.status()).isEqualTo(ComponentStatus.DOWN);
    assertThat(status.reason()).isEqualTo("no heartbeat within 20s");
  }

  @Test
  void treatsAnUnknownStatusAsDegraded() {
    ServiceStatus status = ServiceStatus.fromHash(Map.of("status", "GREEN"));

    assertThat(status.status()).isEqualTo(ComponentStatus.DEGRADED);
    assertThat(status.reason()).contains("GREEN");
  }

  @Test
  void takesTheNewestLastEventOfAllServices() {
    ServiceStatus older =
        new ServiceStatus(
            ComponentStatus.UP, null, null, null, null, null, "2024-05-01T10:00:00+00:00");
    ServiceStatus newer =
        new ServiceStatus(
            ComponentStatus.UP, null, null, null, null, null, "2024-05-01T10:00:00.000001+00:00");
    ServiceStatus garbage =
        new ServiceStatus(ComponentStatus.UP, null, null, null, null, null, "not a time");

    assertThat(HealthReporter.newestEvent(List.of(older, garbage, newer)))
        .isEqualTo("2024-05-01T10:00:00.000001+00:00");
    assertThat(HealthReporter.newestEvent(List.of(ServiceStatus.missing()))).isNull();
  }

  @Test
  void degradesAnUpServiceWhoseHeartbeatIsStale() {
    Instant now = Instant.parse("2024-05-01T10:00:30Z");
    ServiceStatus beating =
        new ServiceStatus(
            ComponentStatus.UP, "0.1.0", "h", "2024-05-01T10:00:10+00:00", null, null, null);

    ServiceStatus stale = beating.staleAt(now, Duration.ofSeconds(15));

    assertThat(stale.status()).isEqualTo(ComponentStatus.DEGRADED);
    assertThat(stale.reason()).isEqualTo("stale heartbeat: last written 20 s ago");
    assertThat(beating.staleAt(now, Duration.ofSeconds(20))).isEqualTo(beating);
  }

  @Test
  void leavesStatusesWithoutUsableTimestampOrNotUpAlone() {
    Instant now = Instant.parse("2024-05-01T10:00:30Z");
    ServiceStatus noTime =
        new ServiceStatus(ComponentStatus.UP, null, null, null, null, null, null);
    ServiceStatus garbage =
        new ServiceStatus(ComponentStatus.UP, null, null, "yesterday", null, null, null);
    ServiceStatus down = ServiceStatus.missing();

    assertThat(noTime.staleAt(now, Duration.ZERO)).isEqualTo(noTime);
    assertThat(garbage.staleAt(now, Duration.ZERO)).isEqualTo(garbage);
    assertThat(down.staleAt(now, Duration.ZERO)).isEqualTo(down);
  }
}
