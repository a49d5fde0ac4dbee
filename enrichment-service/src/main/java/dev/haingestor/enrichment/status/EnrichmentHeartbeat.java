package dev.haingestor.enrichment.status;

import dev.haingestor.common.status.ServiceHeartbeat;
import dev.haingestor.common.status.ServiceStatusContract;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.enrichment.EnrichmentApplication;
import dev.haingestor.enrichment.InstanceName;
import java.time.Clock;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;

/** Publishes this instance's status hash to Redis while the application runs. */
@Component
class EnrichmentHeartbeat implements SmartLifecycle {

  private final ServiceHeartbeat heartbeat;
  private volatile Disposable running;

  EnrichmentHeartbeat(
      ReactiveStringRedisTemplate redis,
      RedisKeys keys,
      EnrichmentStatus status,
      InstanceName instance,
      Clock clock) {
    this.heartbeat =
        new ServiceHeartbeat(
            redis,
            keys,
            ServiceStatusContract.ENRICHMENT_SERVICE,
            instance.value(),
            version(),
            status::snapshot,
            clock);
  }

  private static String version() {
    String version = EnrichmentApplication.class.getPackage().getImplementationVersion();
    return version != null ? version : "dev";
  }

  @Override
  public void start() {
    running = heartbeat.start();
  }

  @Override
  public void stop() {
    Disposable current = running;
    if (current != null) {
      current.dispose();
    }
    running = null;
  }

  @Override
  public boolean isRunning() {
    return running != null;
  }
}
