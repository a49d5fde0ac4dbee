package dev.haingestor.common.status;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.stream.RedisKeys;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes a service's status hash to Redis every {@link ServiceStatusContract#HEARTBEAT_INTERVAL}
 * with a TTL of {@link ServiceStatusContract#HEARTBEAT_TTL}, so that admin-api sees who is alive
 * without asking each service. A failed write is logged once per outage and retried at the next
 * tick: the heartbeat must never stop because Redis was away.
 */
public final class ServiceHeartbeat {

  private static final Logger log = LoggerFactory.getLogger(ServiceHeartbeat.class);

  private final ReactiveStringRedisTemplate redis;
  private final String key;
  private final Map<String, String> identity;
  private final Supplier<Map<String, String>> currentStatus;
  private final Clock clock;
  private volatile boolean failing;

  /**
   * @param currentStatus the service-specific fields, at least {@link
   *     ServiceStatusContract#STATUS}; called once per heartbeat
   */
  public ServiceHeartbeat(
      ReactiveStringRedisTemplate redis,
      RedisKeys keys,
      String service,
      String instance,
      String version,
      Supplier<Map<String, String>> currentStatus,
      Clock clock) {
    this.redis = redis;
    this.key = keys.serviceStatus(service);
    this.identity =
        Map.of(
            ServiceStatusContract.SERVICE, service,
            ServiceStatusContract.INSTANCE, instance,
            ServiceStatusContract.VERSION, version);
    this.currentStatus = currentStatus;
    this.clock = clock;
  }

  /** Starts beating at once; dispose the result to stop. */
  public Disposable start() {
    return Flux.interval(java.time.Duration.ZERO, ServiceStatusContract.HEARTBEAT_INTERVAL)
        .onBackpressureDrop()
        .concatMap(tick -> beat(), 1)
        .subscribe();
  }

  /** Writes the status once; never errors. */
  public Mono<Void> beat() {
    return Mono.fromSupplier(this::snapshot)
        .flatMap(
            fields ->
                redis
                    .opsForHash()
                    .putAll(key, fields)
                    .then(redis.expire(key, ServiceStatusContract.HEARTBEAT_TTL)))
        .timeout(ServiceStatusContract.HEARTBEAT_INTERVAL)
        .doOnSuccess(ok -> recovered())
        .onErrorResume(
            e -> {
              failed(e);
              return Mono.empty();
            })
        .then();
  }

  private Map<String, String> snapshot() {
    Map<String, String> fields = new LinkedHashMap<>(identity);
    fields.putAll(currentStatus.get());
    fields.put(ServiceStatusContract.UPDATED_AT, HaTimestamps.format(clock.instant()));
    return fields;
  }

  private void failed(Throwable e) {
    if (!failing) {
      failing = true;
      log.warn("Heartbeat to Redis key {} failed ({}); retrying every interval", key, e.toString());
    }
  }

  private void recovered() {
    if (failing) {
      failing = false;
      log.info("Heartbeat to Redis key {} works again", key);
    }
  }
}
