package dev.haingestor.admin.health;

import dev.haingestor.common.stream.RedisKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoGroup;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The Redis side of the pipeline: {@code XLEN} of the event stream, {@code XINFO GROUPS} for the
 * enrichment group, {@code XLEN} of the dead-letter stream.
 */
@Component
class PipelineCheck {

  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;
  private final HealthProperties properties;

  PipelineCheck(ReactiveStringRedisTemplate redis, RedisKeys keys, HealthProperties properties) {
    this.redis = redis;
    this.keys = keys;
    this.properties = properties;
  }

  Mono<PipelineHealth> check() {
    return Mono.zip(length(keys.events()), enrichmentGroup(), length(keys.deadLetters()))
        .map(
            numbers ->
                PipelineHealth.evaluate(
                    numbers.getT1(),
                    numbers.getT2().orElse(null),
                    numbers.getT3(),
                    properties.pendingThreshold(),
                    properties.lagThreshold()));
  }

  /** {@code XLEN}; a stream that does not exist has length 0. */
  private Mono<Long> length(String stream) {
    return redis.opsForStream().size(stream).defaultIfEmpty(0L);
  }

  private Mono<Optional<ConsumerGroupHealth>> enrichmentGroup() {
    return redis
        .opsForStream()
        .groups(keys.events())
        .filter(group -> RedisKeys.ENRICHMENT_GROUP.equals(group.groupName()))
        .next()
        .map(group -> Optional.of(toHealth(group)))
        .defaultIfEmpty(Optional.empty())
        // XINFO GROUPS on a stream that does not exist yet is an error, not "no groups".
        .onErrorResume(PipelineCheck::isNoSuchKey, e -> Mono.just(Optional.empty()));
  }

  private static ConsumerGroupHealth toHealth(XInfoGroup group) {
    return new ConsumerGroupHealth(
        group.groupName(),
        orZero(group.consumerCount()),
        orZero(group.pendingCount()),
        lag(group.getRaw().get("lag")),
        group.lastDeliveredId());
  }

  /**
   * {@code lag} exists since Redis 7.0 and is nil when Redis cannot compute it; Spring Data Redis
   * does not map it, so it is read from the raw reply.
   */
  static Long lag(Object raw) {
    if (raw instanceof Number number) {
      return number.longValue();
    }
    String text;
    if (raw == null) {
      return null;
    } else if (raw instanceof byte[] bytes) {
      text = new String(bytes, StandardCharsets.UTF_8);
    } else if (raw instanceof ByteBuffer buffer) {
      text = StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    } else {
      text = raw.toString();
    }
    try {
      return Long.valueOf(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static boolean isNoSuchKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("no such key")) {
        return true;
      }
    }
    return false;
  }
}
