package dev.haingestor.enrichment.consume;

import dev.haingestor.common.event.HaState;
import dev.haingestor.common.stats.PipelineStage;
import dev.haingestor.common.stats.StageCounter;
import dev.haingestor.common.stats.StatsKeys;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.enrichment.entities.EntityIndex;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What batches leave behind besides points: the per-minute stage counters of {@code GET
 * /api/v1/stats} (in {@link StageCounter}'s layout) and the {@link EntityIndex}. Both are gathered
 * in memory per batch and written every {@link #FLUSH_INTERVAL}: one script call per stage and one
 * for the index. Written per batch they cost one HINCRBY per entity and an index script per batch —
 * at low rates, when batches are small, about one Redis command per event, and a round trip in
 * every batch's path. Best effort: what an interval gathered while Redis is down is dropped (the
 * index catches up with the next states), never retried without bound; the buffers are bounded.
 */
@Component
class BatchRecorder implements SmartLifecycle {

  static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

  /** Distinct entity ids held per stage between flushes; more are counted under one id. */
  static final int MAX_ENTITIES = 20_000;

  static final String OVERFLOW_ENTITY = "other";

  private static final Logger log = LoggerFactory.getLogger(BatchRecorder.class);

  private final StageCounter counter;
  private final Map<PipelineStage, Map<String, LongAdder>> pending =
      new EnumMap<>(PipelineStage.class);
  private final EntityIndex entityIndex;
  // Newest state per entity since the last flush; at the bound, a flush is due early.
  private final Map<String, HaState> newestStates = new ConcurrentHashMap<>();
  private final AtomicBoolean indexFailing = new AtomicBoolean();
  private volatile Disposable flushing;

  BatchRecorder(
      ReactiveStringRedisTemplate redis, RedisKeys keys, EntityIndex entityIndex, Clock clock) {
    this.entityIndex = entityIndex;
    this.counter = new StageCounter(redis, new StatsKeys(keys), clock);
    for (PipelineStage stage : PipelineStage.values()) {
      pending.put(stage, new ConcurrentHashMap<>());
    }
  }

  /** Counts events of these entities at a stage; never blocks. */
  void count(PipelineStage stage, Collection<String> entityIds) {
    Map<String, LongAdder> counts = pending.get(stage);
    for (String entityId : entityIds) {
      LongAdder adder = counts.get(entityId);
      if (adder == null) {
        adder =
            counts.size() < MAX_ENTITIES
                ? counts.computeIfAbsent(entityId, k -> new LongAdder())
                : counts.computeIfAbsent(OVERFLOW_ENTITY, k -> new LongAdder());
      }
      adder.increment();
    }
  }

  /**
   * Keeps the newest of these states per entity for the next index update; beyond {@value
   * #MAX_ENTITIES} entities the older states of this interval are dropped (the index is derived
   * data, and the entities' next states update it).
   */
  void observe(Collection<HaState> states) {
    for (HaState state : states) {
      if (newestStates.size() >= MAX_ENTITIES && !newestStates.containsKey(state.entityId())) {
        continue;
      }
      newestStates.merge(
          state.entityId(), state, (a, b) -> b.lastUpdated().isAfter(a.lastUpdated()) ? b : a);
    }
  }

  /**
   * Writes what was gathered since the last flush: one script call per stage, one for the index.
   */
  Mono<Void> flush() {
    return Flux.fromIterable(pending.entrySet())
        .concatMap(entry -> counter.drain(entry.getKey(), entry.getValue()))
        .then(Mono.defer(this::updateIndex));
  }

  private Mono<Void> updateIndex() {
    if (newestStates.isEmpty()) {
      return Mono.empty();
    }
    List<HaState> states = new ArrayList<>(newestStates.size());
    for (String entityId : List.copyOf(newestStates.keySet())) {
      HaState state = newestStates.remove(entityId);
      if (state != null) {
        states.add(state);
      }
    }
    return entityIndex
        .update(states)
        .then()
        .doOnSuccess(
            v -> {
              if (indexFailing.compareAndSet(true, false)) {
                log.info("Updating the entity index works again");
              }
            })
        .onErrorResume(
            e -> {
              if (indexFailing.compareAndSet(false, true)) {
                log.warn(
                    "Updating the entity index failed ({}); the points are written, the index "
                        + "catches up with the next states",
                    e.toString());
              }
              return Mono.empty();
            });
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

  /** Stops after the consumer loop, so that its last batch is recorded. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 100;
  }
}
