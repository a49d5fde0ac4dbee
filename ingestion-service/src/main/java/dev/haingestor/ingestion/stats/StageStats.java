package dev.haingestor.ingestion.stats;

import dev.haingestor.common.stats.PipelineStage;
import dev.haingestor.common.stats.StageCounter;
import dev.haingestor.common.stats.StatsKeys;
import dev.haingestor.common.stream.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
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

  private final StageCounter counter;
  private final Map<PipelineStage, Map<String, LongAdder>> pending =
      new EnumMap<>(PipelineStage.class);
  private volatile Disposable flushing;

  public StageStats(ReactiveStringRedisTemplate redis, RedisKeys keys, Clock clock) {
    this.counter = new StageCounter(redis, new StatsKeys(keys), clock);
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
        .concatMap(entry -> counter.drain(entry.getKey(), entry.getValue()))
        .then();
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
