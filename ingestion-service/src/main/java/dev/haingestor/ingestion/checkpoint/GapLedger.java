package dev.haingestor.ingestion.checkpoint;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.ingestion.buffer.EventGap;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The windows of events known to be missing from the stream (buffer overflow, events abandoned at
 * shutdown, the time a connection was down) until a backfill has filled them. Kept in memory and in
 * the Redis hash {@code <checkpoint key>:gaps} (field {@code <from>/<to>}, value the number of
 * events known lost, 0 when unknown), so that a crash before the backfill does not forget them: the
 * checkpoint may move past a gap only once the gap is in Redis ({@link Checkpoint} writes gaps
 * first). While Redis is down, gaps wait in memory.
 */
@Component
public class GapLedger {

  private static final Logger log = LoggerFactory.getLogger(GapLedger.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Gaps kept at most; beyond it the two oldest are merged (a wider backfill, never a loss). */
  static final int MAX_GAPS = 1_000;

  private final ReactiveStringRedisTemplate redis;
  private final String key;
  // gap → persisted in Redis?
  private final Map<EventGap, Boolean> gaps = new ConcurrentHashMap<>();
  private final Set<EventGap> removedUnpersisted = ConcurrentHashMap.newKeySet();
  private volatile boolean loaded;

  public GapLedger(ReactiveStringRedisTemplate redis, RedisKeys keys, MeterRegistry registry) {
    this.redis = redis;
    this.key = key(keys);
    Gauge.builder(MetricNames.INGESTION_GAPS_OPEN, gaps, Map::size)
        .description("Windows of missing events waiting for a backfill")
        .register(registry);
  }

  /** Where gaps are kept: next to the checkpoint key of the contract. */
  public static String key(RedisKeys keys) {
    return keys.checkpoint() + ":gaps";
  }

  /** Records a window to backfill; written to Redis by the next {@link #persist()}. */
  public void add(EventGap gap) {
    gaps.putIfAbsent(gap, Boolean.FALSE);
    if (gaps.size() > MAX_GAPS) {
      List<EventGap> oldest = sorted().subList(0, 2);
      oldest.forEach(old -> remove(old).subscribe());
      add(oldest.get(0).merge(oldest.get(1)));
    }
  }

  /** The gaps waiting for a backfill, oldest first. */
  public List<EventGap> open() {
    return sorted();
  }

  /** Forgets a filled gap, in memory at once and in Redis as soon as it answers. */
  public Mono<Void> remove(EventGap gap) {
    Boolean persisted = gaps.remove(gap);
    if (persisted == null || !persisted) {
      return Mono.empty();
    }
    return redis
        .opsForHash()
        .remove(key, field(gap))
        .timeout(TIMEOUT)
        .then()
        .onErrorResume(
            e -> {
              // Left in Redis: a later start backfills it once more, which is harmless.
              removedUnpersisted.add(gap);
              return Mono.empty();
            });
  }

  /** Writes gaps not yet in Redis; fails while Redis is down (they stay in memory). */
  public Mono<Void> persist() {
    Mono<Void> load = loaded ? Mono.empty() : load();
    return load.then(Mono.defer(this::writeNew)).then(Mono.defer(this::deleteRemoved));
  }

  private Mono<Void> writeNew() {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    List<EventGap> written = new ArrayList<>();
    gaps.forEach(
        (gap, persisted) -> {
          if (!persisted) {
            fields.put(field(gap), Long.toString(gap.events()));
            written.add(gap);
          }
        });
    if (fields.isEmpty()) {
      return Mono.empty();
    }
    return redis
        .opsForHash()
        .putAll(key, fields)
        .timeout(TIMEOUT)
        .doOnSuccess(ok -> written.forEach(gap -> gaps.replace(gap, Boolean.FALSE, Boolean.TRUE)))
        .then();
  }

  private Mono<Void> deleteRemoved() {
    if (removedUnpersisted.isEmpty()) {
      return Mono.empty();
    }
    List<EventGap> removed = List.copyOf(removedUnpersisted);
    Object[] fields = removed.stream().map(GapLedger::field).toArray();
    return redis
        .opsForHash()
        .remove(key, fields)
        .timeout(TIMEOUT)
        .doOnSuccess(n -> removed.forEach(removedUnpersisted::remove))
        .then();
  }

  /** Reads the gaps a previous run left in Redis (once). */
  public Mono<Void> load() {
    return redis
        .opsForHash()
        .entries(key)
        .timeout(TIMEOUT)
        .doOnNext(
            entry ->
                parse((String) entry.getKey(), (String) entry.getValue())
                    .ifPresent(gap -> gaps.putIfAbsent(gap, Boolean.TRUE)))
        .then()
        .doOnSuccess(
            v -> {
              if (!loaded) {
                loaded = true;
                if (!gaps.isEmpty()) {
                  log.info("{} gaps of missing events to backfill: {}", gaps.size(), sorted());
                }
              }
            });
  }

  public boolean isLoaded() {
    return loaded;
  }

  private List<EventGap> sorted() {
    List<EventGap> all = new ArrayList<>(gaps.keySet());
    all.sort(Comparator.comparing(EventGap::from).thenComparing(EventGap::to));
    return all;
  }

  static String field(EventGap gap) {
    return HaTimestamps.format(gap.from()) + "/" + HaTimestamps.format(gap.to());
  }

  static Optional<EventGap> parse(String field, String value) {
    int slash = field.indexOf('/');
    try {
      Instant from = HaTimestamps.parse(field.substring(0, slash));
      Instant to = HaTimestamps.parse(field.substring(slash + 1));
      long events = value == null ? 0 : Long.parseLong(value);
      return Optional.of(new EventGap(from, to, events));
    } catch (RuntimeException e) {
      log.warn("Ignoring unreadable gap {}={} in Redis", field, value);
      return Optional.empty();
    }
  }
}
