package dev.haingestor.ingestion.status;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.status.ServiceHeartbeat;
import dev.haingestor.common.status.ServiceStatusContract;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.ingestion.ha.ConnectionState;
import dev.haingestor.ingestion.ha.ConnectionStateMachine;
import dev.haingestor.ingestion.ha.ConnectionStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;

/**
 * Publishes this instance's status hash ({@link ServiceStatusContract}) for admin-api: {@code UP}
 * while subscribed to HA, {@code DOWN} when HA refused the token, {@code DEGRADED} otherwise, with
 * the connection state, its reason and the newest event's time.
 */
@Component
public class IngestionHeartbeat implements SmartLifecycle {

  private final ConnectionStateMachine connection;
  private final ServiceHeartbeat heartbeat;
  private Disposable beating;

  public IngestionHeartbeat(
      ReactiveStringRedisTemplate redis,
      RedisKeys keys,
      ConnectionStateMachine connection,
      StatusProperties properties,
      @Value("${spring.application.version:unknown}") String version,
      Clock clock) {
    this.connection = connection;
    this.heartbeat =
        new ServiceHeartbeat(
            redis,
            keys,
            ServiceStatusContract.INGESTION_SERVICE,
            instanceName(properties),
            version,
            this::currentStatus,
            clock);
  }

  private static String instanceName(StatusProperties properties) {
    if (properties.instance() != null && !properties.instance().isBlank()) {
      return properties.instance();
    }
    String hostname = System.getenv("HOSTNAME");
    return hostname != null && !hostname.isBlank()
        ? hostname
        : UUID.randomUUID().toString().substring(0, 8);
  }

  Map<String, String> currentStatus() {
    ConnectionStatus status = connection.status();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(ServiceStatusContract.STATUS, serviceStatus(status.state()));
    fields.put(ServiceStatusContract.HA_CONNECTION, status.state().wireName());
    // Always written: HSET cannot delete a stale reason from the previous beat.
    fields.put(ServiceStatusContract.REASON, status.reason() == null ? "" : status.reason());
    fields.put(
        ServiceStatusContract.LAST_EVENT_AT,
        connection.lastEventAt().map(HaTimestamps::format).orElse(""));
    return fields;
  }

  static String serviceStatus(ConnectionState state) {
    return switch (state) {
      case SUBSCRIBED -> "UP";
      case AUTH_FAILED -> "DOWN";
      default -> "DEGRADED";
    };
  }

  @Override
  public synchronized void start() {
    if (beating == null) {
      beating = heartbeat.start();
    }
  }

  @Override
  public synchronized void stop() {
    if (beating != null) {
      beating.dispose();
      beating = null;
    }
  }

  @Override
  public boolean isRunning() {
    return beating != null;
  }

  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 300;
  }
}
