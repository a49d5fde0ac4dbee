package dev.haingestor.admin.health;

import dev.haingestor.common.stream.RedisKeys;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reads one service's status hash ({@code HGETALL RedisKeys.serviceStatus(name)}). */
@Component
class ServiceStatusCheck {

  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;

  ServiceStatusCheck(ReactiveStringRedisTemplate redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  Mono<ServiceStatus> read(String service) {
    return redis
        .<String, String>opsForHash()
        .entries(keys.serviceStatus(service))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .map(ServiceStatus::fromHash);
  }
}
