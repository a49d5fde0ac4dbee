package dev.haingestor.admin.heartbeat;

import dev.haingestor.common.status.ServiceHeartbeat;
import dev.haingestor.common.status.ServiceStatusContract;
import dev.haingestor.common.stream.RedisKeys;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;

/**
 * Publishes admin-api's own status hash ({@link ServiceStatusContract#ADMIN_API}) like every other
 * service, so the health endpoint of any admin-api instance sees the others.
 *
 * <p>It always reports {@code UP}: the process answers, and deriving it from the pipeline's health
 * would make admin-api look down whenever something it watches is down.
 */
@Component
class AdminHeartbeat implements SmartLifecycle {

  private final ServiceHeartbeat heartbeat;
  private Disposable running;

  AdminHeartbeat(
      ReactiveStringRedisTemplate redis, RedisKeys keys, Environment environment, Clock clock) {
    this.heartbeat =
        new ServiceHeartbeat(
            redis,
            keys,
            ServiceStatusContract.ADMIN_API,
            instanceName(environment),
            version(),
            () -> Map.of(ServiceStatusContract.STATUS, "UP"),
            clock);
  }

  @Override
  public synchronized void start() {
    if (running == null) {
      running = heartbeat.start();
    }
  }

  @Override
  public synchronized void stop() {
    if (running != null) {
      running.dispose();
      running = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return running != null;
  }

  /** The container's host name (env {@code HOSTNAME}) or, outside containers, a random id. */
  private static String instanceName(Environment environment) {
    String hostname = environment.getProperty("HOSTNAME");
    return hostname != null && !hostname.isBlank()
        ? hostname
        : "admin-api-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The jar manifest's Implementation-Version; {@code dev} when running from classes. */
  private static String version() {
    return Optional.ofNullable(AdminHeartbeat.class.getPackage().getImplementationVersion())
        .orElse("dev");
  }
}
