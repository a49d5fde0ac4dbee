package dev.haingestor.common.stats;

import dev.haingestor.common.event.EntityIds;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Adds events to the current minute's counters of one stage. Called per batch or per flush, never
 * per event: counts are aggregated in memory first and written by one script call. Statistics are
 * best effort: a failure is returned as an empty completion and never holds up the pipeline.
 */
public final class StageCounter {

  /**
   * KEYS[1]: the minute's hash; ARGV[1]: its time to live in seconds, then field/increment pairs.
   * One call per stage and minute instead of one HINCRBY per field.
   */
  private static final RedisScript<Long> INCREMENT_ALL =
      RedisScript.of(
          """
          for i = 2, #ARGV, 2 do
            redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
          end
          redis.call('EXPIRE', KEYS[1], ARGV[1])
          return 0
          """,
          Long.class);

  private final ReactiveStringRedisTemplate redis;
  private final StatsKeys keys;
  private final Clock clock;

  public StageCounter(ReactiveStringRedisTemplate redis, StatsKeys keys, Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
  }

  /** Adds one event per entity id (ids may repeat). */
  public Mono<Void> record(PipelineStage stage, Collection<String> entityIds) {
    if (entityIds.isEmpty()) {
      return Mono.empty();
    }
    return write(stage, increments(entityIds));
  }

  /**
   * Takes the counts gathered per entity (removing them from {@code countsByEntity}, which may keep
   * growing meanwhile) and adds them to the current minute's counters.
   */
  public Mono<Void> drain(PipelineStage stage, Map<String, LongAdder> countsByEntity) {
    return write(stage, take(countsByEntity));
  }

  private Mono<Void> write(PipelineStage stage, Map<String, Long> increments) {
    if (increments.isEmpty()) {
      return Mono.empty();
    }
    List<String> args = new ArrayList<>(increments.size() * 2 + 1);
    args.add(Long.toString(StatsKeys.RETENTION.toSeconds()));
    increments.forEach(
        (field, n) -> {
          args.add(field);
          args.add(Long.toString(n));
        });
    return redis
        .execute(INCREMENT_ALL, List.of(keys.minute(stage, clock.instant())), args)
        .then()
        .onErrorResume(e -> Mono.empty());
  }

  static Map<String, Long> increments(Collection<String> entityIds) {
    Map<String, Long> increments = new HashMap<>();
    for (String entityId : entityIds) {
      addEntity(increments, entityId, 1);
    }
    increments.put(StatsKeys.TOTAL, (long) entityIds.size());
    return increments;
  }

  private static Map<String, Long> take(Map<String, LongAdder> counts) {
    Map<String, Long> increments = new HashMap<>();
    long total = 0;
    for (String entityId : List.copyOf(counts.keySet())) {
      LongAdder adder = counts.remove(entityId);
      long n = adder == null ? 0 : adder.sumThenReset();
      if (n > 0) {
        total += n;
        addEntity(increments, entityId, n);
      }
    }
    if (total > 0) {
      increments.put(StatsKeys.TOTAL, total);
    }
    return increments;
  }

  /** Per entity and, for a valid id, per domain. */
  private static void addEntity(Map<String, Long> increments, String entityId, long n) {
    increments.merge(StatsKeys.ENTITY_FIELD_PREFIX + entityId, n, Long::sum);
    if (EntityIds.isValid(entityId)) {
      increments.merge(StatsKeys.DOMAIN_FIELD_PREFIX + EntityIds.domain(entityId), n, Long::sum);
    }
  }
}
