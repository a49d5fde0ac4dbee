package dev.haingestor.ingestion.stats;

import dev.haingestor.common.event.EntityIds;
import dev.haingestor.common.stats.PipelineStage;
import dev.haingestor.common.stats.StageCounter;
import dev.haingestor.common.stats.StatsKeys;
import dev.haingestor.common.stream.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The per-minute stage counters of {@code GET /api/v1/stats} ({@link StageCounter}) for this
 * service. Events are counted in memory where they happen (the socket's thread must not wait for
 * Redis) and written as one batch per stage every {@link #FLUSH_INTERVAL}. Best effort: counts of
 * an interval in which Redis is down are dropped, never retried without bound.
 */
@Component
public class StageStats implements SmartLifecycle {

  static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

  /** Distinct entity ids held per stage between flushes; more are counted under one id. */
  static final int MAX_ENTITIES = 20_000;

  static final String OVERFLOW_ENTITY = "other";

  /** Rejected input often has no readable entity id. */
  public static final String UNKNOWN_ENTITY = "unknown";

  /**
   * KEYS[1]: the minute's hash; ARGV[1]: its time to live in seconds, then field/increment pairs.
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
  private final Map<PipelineStage, Map<String, LongAdder>> pending =
      new EnumMap<>(PipelineStage.class);
  private volatile Disposable flushing;

  public StageStats(ReactiveStringRedisTemplate redis, RedisKeys keys, Clock clock) {
    this.redis = redis;
    this.keys = new StatsKeys(keys);
    this.clock = clock;
    for (PipelineStage stage : PipelineStage.values()) {
      pending.put(stage, new ConcurrentHashMap<>());
    }
  }

  /** Counts one event of an entity at a stage; never blocks. */
  public void count(PipelineStage stage, String entityId) {
    Map<String, LongAdder> counts = pending.get(stage);
    String key = entityId == null ? UNKNOWN_ENTITY : entityId;
    LongAdder adder = counts.get(key);
    if (adder == null) {
      adder =
          counts.size() < MAX_ENTITIES
              ? counts.computeIfAbsent(key, k -> new LongAdder())
              : counts.computeIfAbsent(OVERFLOW_ENTITY, k -> new LongAdder());
    }
    adder.increment();
  }

  /** Counts a batch of events at a stage. */
  public void count(PipelineStage stage, Collection<String> entityIds) {
    for (String entityId : entityIds) {
      count(stage, entityId);
    }
  }

  /**
   * Writes what was counted since the last flush: per stage, one script call that applies every
   * increment of {@link StageCounter}'s layout to the current minute's hash and renews its expiry
   * (one command instead of one HINCRBY per entity).
   */
  public Mono<Void> flush() {
    return Flux.fromIterable(pending.entrySet())
        .concatMap(entry -> record(entry.getKey(), take(entry.getValue())))
        .then();
  }

  private Mono<Void> record(PipelineStage stage, Map<String, Long> increments) {
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

  /** Takes the counts and turns them into the hash increments: entity, domain, total. */
  private static Map<String, Long> take(Map<String, LongAdder> counts) {
    Map<String, Long> increments = new HashMap<>();
    long total = 0;
    for (String entityId : List.copyOf(counts.keySet())) {
      LongAdder adder = counts.remove(entityId);
      long n = adder == null ? 0 : adder.sumThenReset();
      if (n > 0) {
        total += n;
        increments.merge(StatsKeys.ENTITY_FIELD_PREFIX + entityId, n, Long::sum);
        if (EntityIds.isValid(entityId)) {
          increments.merge(
              StatsKeys.DOMAIN_FIELD_PREFIX + EntityIds.domain(entityId), n, Long::sum);
        }
      }
    }
    if (total > 0) {
      increments.put(StatsKeys.TOTAL, total);
    }
    return increments;
  }

  @Override
  public synchronized void start() {
    if (flushing == null) {
      flushing =
          Flux.interval(FLUSH_INTERVAL)
              .onBackpressureDrop()
              .concatMap(tick -> flush().timeout(FLUSH_INTERVAL).onErrorResume(e -> Mono.empty()))
              .subscribe();
    }
  }

  @Override
  public synchronized void stop() {
    if (flushing != null) {
      flushing.dispose();
      flushing = null;
      flush().timeout(FLUSH_INTERVAL).onErrorResume(e -> Mono.empty()).block();
    }
  }

  @Override
  public boolean isRunning() {
    return flushing != null;
  }

  /** Stops after the publisher, so its last counts are written. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 260;
  }
}
