package dev.haingestor.admin.history;

import dev.haingestor.admin.cache.CacheProperties;
import dev.haingestor.admin.influx.InfluxQlClient;
import dev.haingestor.admin.influx.InfluxSeries;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.schema.HaSchema;
import dev.haingestor.common.stream.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The history block cache: an entity's stored points kept in Redis by the hour ({@link
 * PointBlock}), so that a history request whose answer is not cached — a dashboard's "last 24
 * hours" moves with every refresh — is computed from blocks instead of making InfluxDB aggregate
 * the whole range again.
 *
 * <ul>
 *   <li>A request takes its hours from memory ({@code ADMIN_HISTORY_BLOCK_MEMORY_MAX_SIZE}), reads
 *       the others with one {@code MGET}, and fetches the hours still missing from InfluxDB with
 *       one statement over the span from the first to the last missing hour, split into blocks and
 *       stored. Fetches of the same span on this instance are shared.
 *   <li>A block in memory is kept until its Redis copy expires (the block carries that time), so it
 *       is never staler than Redis's.
 *   <li>Blocks expire like history answers ({@link CacheProperties#historyTtl(Instant, Instant)}):
 *       an hour still receiving points after {@code ADMIN_CACHE_HISTORY_TTL}, a settled hour after
 *       ten times that.
 *   <li>An hour with more than {@code ADMIN_HISTORY_BLOCK_MAX_POINTS} points of a measurement is
 *       stored as a "too dense" mark, and requests covering it query InfluxDB directly.
 *   <li>Redis failing or slow: the request queries InfluxDB directly ({@link #blocks} is empty).
 *   <li>Metrics: {@value MetricNames#ADMIN_CACHE_REQUESTS} with {@code endpoint=history_block} and
 *       {@code result} hit, miss (some hours fetched), too_dense or error.
 * </ul>
 */
@Component
class HistoryBlocks {

  private static final Logger log = LoggerFactory.getLogger(HistoryBlocks.class);
  private static final String ENDPOINT = "history_block";

  private enum Result {
    HIT,
    MISS,
    TOO_DENSE,
    ERROR
  }

  private final ReactiveRedisTemplate<String, byte[]> redis;
  private final InfluxQlClient influx;
  private final HistoryProperties limits;
  private final CacheProperties cache;
  private final String keyPrefix;
  private final Clock clock;
  private final Map<Result, Counter> results = new EnumMap<>(Result.class);
  private final Map<String, Mono<List<PointBlock>>> fetching = new ConcurrentHashMap<>();
  private final BlocksInMemory inMemory;
  private final AtomicBoolean failing = new AtomicBoolean();

  HistoryBlocks(
      ReactiveRedisConnectionFactory connections,
      InfluxQlClient influx,
      HistoryProperties limits,
      CacheProperties cache,
      RedisKeys keys,
      Clock clock,
      MeterRegistry meters) {
    this.redis = blockTemplate(connections);
    this.influx = influx;
    this.limits = limits;
    this.cache = cache;
    this.keyPrefix = keys.prefix() + "admin-cache:" + ENDPOINT + ":";
    this.clock = clock;
    this.inMemory = new BlocksInMemory(limits.blockMemoryMaxSize().toBytes());
    for (Result result : Result.values()) {
      results.put(
          result,
          Counter.builder(MetricNames.ADMIN_CACHE_REQUESTS)
              .description("Read requests by cache result")
              .tag("endpoint", ENDPOINT)
              .tag("result", result.name().toLowerCase(Locale.ROOT))
              .register(meters));
    }
  }

  /** Keys as text, blocks as bytes. */
  static ReactiveRedisTemplate<String, byte[]> blockTemplate(
      ReactiveRedisConnectionFactory connections) {
    return new ReactiveRedisTemplate<>(
        connections,
        RedisSerializationContext.<String, byte[]>newSerializationContext(RedisSerializer.string())
            .value(RedisSerializer.byteArray())
            .build());
  }

  /**
   * Whether a request over {@code start..end} is answered from blocks: the cache is on, the range
   * short enough, and its hours expressible in epoch nanoseconds (else InfluxDB answers, as
   * before).
   */
  boolean serves(Instant start, Instant end) {
    Duration max = limits.blockCacheMaxRange();
    return cache.enabled()
        && !max.isZero()
        && Duration.between(start, end).compareTo(max) <= 0
        && PointBlock.inNanosRange(start)
        && PointBlock.inNanosRange(end);
  }

  /**
   * The blocks of the hours {@code start..end} touch, oldest first; empty when they cannot answer
   * (an hour too dense, Redis failing).
   */
  Mono<List<PointBlock>> blocks(String entityId, Instant start, Instant end) {
    long first = PointBlock.blockStart(PointBlock.epochNanos(start));
    long last = PointBlock.blockStart(PointBlock.epochNanos(end));
    int count = (int) ((last - first) / PointBlock.SPAN_NANOS) + 1;
    List<PointBlock> blocks = new ArrayList<>(Collections.nCopies(count, null));
    List<String> absentKeys = new ArrayList<>();
    List<Integer> absentAt = new ArrayList<>();
    long nowMillis = clock.millis();
    for (int i = 0; i < count; i++) {
      String key = key(entityId, first + i * PointBlock.SPAN_NANOS);
      PointBlock kept = inMemory.get(key, nowMillis);
      if (kept != null) {
        blocks.set(i, kept);
      } else {
        absentKeys.add(key);
        absentAt.add(i);
      }
    }
    if (absentKeys.isEmpty()) {
      return complete(entityId, first, blocks);
    }
    return redis
        .opsForValue()
        .multiGet(absentKeys)
        .timeout(cache.redisTimeout())
        .doOnNext(stored -> recovered())
        .onErrorResume(
            e -> {
              failed("read", e);
              results.get(Result.ERROR).increment();
              return Mono.empty();
            })
        .flatMap(
            stored -> {
              for (int j = 0; j < stored.size(); j++) {
                int at = absentAt.get(j);
                byte[] bytes = stored.get(j);
                PointBlock block = bytes == null ? null : PointBlock.decode(bytes);
                if (block != null && block.startNanos() == first + at * PointBlock.SPAN_NANOS) {
                  blocks.set(at, block);
                  inMemory.put(absentKeys.get(j), block, nowMillis);
                }
              }
              return complete(entityId, first, blocks);
            });
  }

  /** Fetches the hours neither memory nor Redis had; {@code blocks} holds {@code null} for them. */
  private Mono<List<PointBlock>> complete(String entityId, long first, List<PointBlock> blocks) {
    int firstMissing = -1;
    int lastMissing = -1;
    for (int i = 0; i < blocks.size(); i++) {
      PointBlock block = blocks.get(i);
      if (block != null && block.tooDense()) {
        results.get(Result.TOO_DENSE).increment();
        return Mono.empty();
      }
      if (block == null) {
        firstMissing = firstMissing < 0 ? i : firstMissing;
        lastMissing = i;
      }
    }
    if (firstMissing < 0) {
      results.get(Result.HIT).increment();
      return Mono.just(blocks);
    }
    results.get(Result.MISS).increment();
    return shared(
            entityId,
            first + firstMissing * PointBlock.SPAN_NANOS,
            first + lastMissing * PointBlock.SPAN_NANOS)
        .flatMap(
            fetched -> {
              for (PointBlock block : fetched) {
                if (block.tooDense()) {
                  return Mono.empty();
                }
                blocks.set((int) ((block.startNanos() - first) / PointBlock.SPAN_NANOS), block);
              }
              return Mono.just(blocks);
            });
  }

  /** One fetch per span at a time on this instance; later requests for it join. */
  private Mono<List<PointBlock>> shared(String entityId, long firstBlock, long lastBlock) {
    String span = entityId + ":" + firstBlock + ":" + lastBlock;
    AtomicReference<Mono<List<PointBlock>>> self = new AtomicReference<>();
    Mono<List<PointBlock>> created =
        Mono.defer(() -> fetchAndStore(entityId, firstBlock, lastBlock))
            .doOnSuccess(blocks -> fetching.remove(span, self.get()))
            .doOnError(e -> fetching.remove(span, self.get()))
            .doOnCancel(() -> fetching.remove(span, self.get()))
            .cache();
    self.set(created);
    Mono<List<PointBlock>> running = fetching.putIfAbsent(span, created);
    return running != null ? running : created;
  }

  private Mono<List<PointBlock>> fetchAndStore(String entityId, long firstBlock, long lastBlock) {
    long end = lastBlock + PointBlock.SPAN_NANOS;
    int blockCount = (int) ((end - firstBlock) / PointBlock.SPAN_NANOS);
    long limit = (long) blockCount * limits.blockMaxPoints() + 1;
    Map<String, Object> params =
        HistoryFinder.bindings(entityId, PointBlock.instant(firstBlock), PointBlock.instant(end));
    return influx
        .query(HistoryFinder.blockStatement(limit), params)
        .map(series -> split(series, firstBlock, blockCount, limit, clock.instant()))
        .flatMap(blocks -> store(entityId, blocks).thenReturn(blocks));
  }

  /**
   * The fetched points as one block per hour. A series that reached the limit may have been cut off
   * anywhere, so then every hour of the span is marked too dense.
   */
  private List<PointBlock> split(
      List<InfluxSeries> found, long firstBlock, int blockCount, long limit, Instant now) {
    List<List<PointBlock.Series>> perBlock = new ArrayList<>(blockCount);
    boolean[] dense = new boolean[blockCount];
    for (int b = 0; b < blockCount; b++) {
      perBlock.add(new ArrayList<>());
    }
    boolean truncated = false;
    for (InfluxSeries one : found) {
      truncated |= one.values().size() >= limit;
      int time = one.columns().indexOf("time");
      int value = one.columns().indexOf(HaSchema.FIELD_VALUE);
      if (time < 0 || value < 0) {
        continue;
      }
      long[] times = new long[one.values().size()];
      double[] values = new double[times.length];
      int n = 0;
      for (List<Object> row : one.values()) {
        if (row.get(time) instanceof Number t && row.get(value) instanceof Number v) {
          times[n] = t.longValue();
          values[n] = v.doubleValue();
          n++;
        }
      }
      int from = 0;
      while (from < n) {
        int block =
            (int) ((PointBlock.blockStart(times[from]) - firstBlock) / PointBlock.SPAN_NANOS);
        long blockEnd = firstBlock + (block + 1L) * PointBlock.SPAN_NANOS;
        int to = from;
        while (to < n && times[to] < blockEnd) {
          to++;
        }
        if (block >= 0 && block < blockCount) {
          if (to - from > limits.blockMaxPoints()) {
            dense[block] = true;
          }
          perBlock
              .get(block)
              .add(
                  new PointBlock.Series(
                      one.name(),
                      Arrays.copyOfRange(times, from, to),
                      Arrays.copyOfRange(values, from, to)));
        }
        from = to;
      }
    }
    List<PointBlock> blocks = new ArrayList<>(blockCount);
    for (int b = 0; b < blockCount; b++) {
      long start = firstBlock + b * PointBlock.SPAN_NANOS;
      Duration ttl = cache.historyTtl(PointBlock.instant(start + PointBlock.SPAN_NANOS), now);
      long expiresAt = now.plus(ttl).toEpochMilli();
      blocks.add(
          truncated || dense[b]
              ? PointBlock.tooDense(start, expiresAt)
              : new PointBlock(start, expiresAt, false, perBlock.get(b)));
    }
    return blocks;
  }

  private Mono<Void> store(String entityId, List<PointBlock> blocks) {
    long nowMillis = clock.millis();
    return Flux.fromIterable(blocks)
        .filter(block -> block.expiresAtMillis() > nowMillis)
        .flatMap(
            block -> {
              String key = key(entityId, block.startNanos());
              inMemory.put(key, block, nowMillis);
              return redis
                  .opsForValue()
                  .set(key, block.encode(), Duration.ofMillis(block.expiresAtMillis() - nowMillis))
                  .timeout(cache.redisTimeout());
            })
        .then()
        .onErrorResume(
            e -> {
              failed("write", e);
              return Mono.empty();
            });
  }

  private String key(String entityId, long blockStartNanos) {
    return keyPrefix + entityId + ":" + blockStartNanos / 1_000_000_000L;
  }

  private void failed(String what, Throwable e) {
    if (!failing.getAndSet(true)) {
      log.warn(
          "History block cache unavailable ({} failed: {}); querying InfluxDB directly until"
              + " Redis answers again",
          what,
          e.toString());
    }
  }

  private void recovered() {
    if (failing.compareAndSet(true, false)) {
      log.info("History block cache available again");
    }
  }
}
