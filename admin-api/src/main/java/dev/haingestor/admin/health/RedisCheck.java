package dev.haingestor.admin.health;

import java.time.Duration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code PING}s Redis and measures the round trip. */
@Component
class RedisCheck {

  private final ReactiveStringRedisTemplate redis;

  RedisCheck(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  Mono<RedisHealth> ping() {
    return Mono.defer(
        () -> {
          long started = System.nanoTime();
          return redis
              .execute(connection -> connection.ping())
              .next()
              .map(
                  pong -> RedisHealth.up(Duration.ofNanos(System.nanoTime() - started).toMillis()));
        });
  }
}
