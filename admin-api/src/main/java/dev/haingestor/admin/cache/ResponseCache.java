package dev.haingestor.admin.cache;

import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Caches JSON answers of the read endpoints in Redis, shared by every admin-api instance.
 *
 * <ul>
 *   <li><b>Keys</b>: {@code <prefix>admin-cache:<endpoint>:<sha256>} over every parameter and the
 *       runtime configuration version ({@link CacheKey}); each endpoint has its own TTL.
 *   <li><b>Near cache</b>: each answer read from Redis is also kept in memory for {@code localTtl}
 *       (1 s; bounded in bytes), so dashboards polling the same panels in a burst cost no Redis
 *       round trip. Answers just computed are not: most of them are never asked for again (a
 *       dashboard's moving "last 24 hours"), and keeping them would fill the heap with answers
 *       nobody reads. Redis stays the cache shared by all instances.
 *   <li><b>One computation per key at a time</b>: requests of this instance for a key being
 *       computed join that computation (a shared {@code Mono} in a map); across instances, the
 *       first takes a short Redis lock ({@code SET NX PX}, in the same script as the read, one
 *       round trip) and the others poll for its answer for up to {@code lockWait}, then compute it
 *       themselves. A read whose answer does not arrive in time may still have taken the lock in
 *       Redis: the lock is then released at once (only if it is this request's), so that a slow
 *       moment of Redis never leaves a lock behind that makes every request for the key wait.
 *   <li><b>Invalidation</b>: {@link #invalidateAll(long)} with each new configuration version
 *       changes every key, so no answer computed under an older configuration is served.
 *   <li><b>Failures degrade</b>: a cache read or write that fails or takes longer than {@code
 *       redisTimeout} is skipped and the answer computed; errors of the computation itself (bad
 *       request, InfluxDB down) pass through and are never cached.
 *   <li><b>Metrics</b>: {@value MetricNames#ADMIN_CACHE_REQUESTS} by endpoint and result.
 * </ul>
 */
@Component
public class ResponseCache {

  private static final Logger log = LoggerFactory.getLogger(ResponseCache.class);
  private static final Duration POLL = Duration.ofMillis(20);

  /** Deletes the lock only if it is still this instance's (it may have expired and moved on). */
  private static final RedisScript<Long> RELEASE =
      RedisScript.of(
          "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1])"
              + " else return 0 end",
          Long.class);

  /**
   * The cached answer ({@code hit}, value), or else the lock taken for this request ({@code
   * locked}), or else another computation holds it ({@code busy}).
   */
  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> READ_OR_LOCK =
      RedisScript.of(
          "local answer = redis.call('GET', KEYS[1])"
              + " if answer then return {'hit', answer} end"
              + " if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then"
              + " return {'locked'} end"
              + " return {'busy'}",
          List.class);

  private final ReactiveStringRedisTemplate redis;
  private final JsonMapper jsonMapper;
  private final CacheProperties properties;
  private final String keyPrefix;
  private final MeterRegistry meters;
  private final Map<String, Mono<CachedJson>> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, LocalEntry> local = new ConcurrentHashMap<>();
  private final AtomicLong localBytes = new AtomicLong();
  private final AtomicLong generation = new AtomicLong();
  private final AtomicBoolean failing = new AtomicBoolean();

  public ResponseCache(
      ReactiveStringRedisTemplate redis,
      JsonMapper jsonMapper,
      CacheProperties properties,
      RedisKeys keys,
      MeterRegistry meters) {
    this.redis = redis;
    this.jsonMapper = jsonMapper;
    this.properties = properties;
    this.keyPrefix = keys.prefix() + "admin-cache:";
    this.meters = meters;
  }

  /** A value answered with 200; see {@link #answer}. */
  public Mono<CachedJson> json(CacheKey key, Duration ttl, Supplier<? extends Mono<?>> compute) {
    return answer(key, ttl, () -> compute.get().map(value -> new Answer(HttpStatus.OK, value)));
  }

  /**
   * The cached answer for {@code key}, or the computed one, stored for {@code ttl}.
   *
   * @param ttl zero = not cached
   * @param compute the answer; subscribed at most once per key at a time on this instance
   */
  public Mono<CachedJson> answer(
      CacheKey key, Duration ttl, Supplier<? extends Mono<Answer>> compute) {
    if (!properties.enabled() || ttl.isZero() || ttl.isNegative()) {
      return Mono.defer(() -> serialize(compute.get(), CachedJson.Source.BYPASS))
          .doOnNext(answer -> count(key.endpoint(), "bypass"));
    }
    String redisKey = keyPrefix + key.endpoint() + ":" + key.digest(generation.get());
    return Mono.defer(
        () -> {
          CachedJson near = localHit(redisKey);
          if (near != null) {
            count(key.endpoint(), "local_hit");
            return Mono.just(near);
          }
          AtomicReference<Mono<CachedJson>> self = new AtomicReference<>();
          Mono<CachedJson> created =
              Mono.defer(() -> lookup(key.endpoint(), redisKey, ttl, compute))
                  .doOnNext(answer -> keepLocally(redisKey, answer, ttl))
                  // Removed before the answer reaches the subscribers (doFinally would run
                  // after), so a request that follows a finished one reads the cache instead.
                  .doOnSuccess(answer -> inFlight.remove(redisKey, self.get()))
                  .doOnError(e -> inFlight.remove(redisKey, self.get()))
                  .doOnCancel(() -> inFlight.remove(redisKey, self.get()))
                  .cache();
          self.set(created);
          Mono<CachedJson> running = inFlight.putIfAbsent(redisKey, created);
          if (running == null) {
            return created;
          }
          count(key.endpoint(), "shared");
          return running.map(CachedJson::shared);
        });
  }

  /**
   * Makes every cached answer unreachable: called with each new runtime configuration version
   * (answers depend on filters and schema options). Entries under older versions expire by TTL.
   */
  public void invalidateAll(long configVersion) {
    long previous = generation.getAndSet(configVersion);
    local.clear();
    localBytes.set(0);
    if (previous != configVersion) {
      log.info(
          "Response cache invalidated: runtime configuration version {} (was {})",
          configVersion,
          previous);
    }
  }

  /** An answer kept in memory until {@code expiresAt} ({@link System#nanoTime()}). */
  private record LocalEntry(CachedJson answer, long expiresAt) {}

  private CachedJson localHit(String redisKey) {
    LocalEntry entry = local.get(redisKey);
    if (entry == null) {
      return null;
    }
    if (System.nanoTime() - entry.expiresAt() >= 0) {
      if (local.remove(redisKey, entry)) {
        localBytes.addAndGet(-entry.answer().body().length);
      }
      return null;
    }
    return entry.answer();
  }

  /**
   * Keeps an answer read from Redis in memory; bounded by {@code localMaxSize}: expired entries are
   * dropped first, and an answer that still does not fit is not kept.
   */
  private void keepLocally(String redisKey, CachedJson answer, Duration ttl) {
    Duration keep = ttl.compareTo(properties.localTtl()) < 0 ? ttl : properties.localTtl();
    if (keep.isZero() || keep.isNegative() || answer.source() != CachedJson.Source.HIT) {
      return;
    }
    long size = answer.body().length;
    long max = properties.localMaxSize().toBytes();
    if (localBytes.get() + size > max) {
      long now = System.nanoTime();
      local.forEach(
          (k, entry) -> {
            if (now - entry.expiresAt() >= 0 && local.remove(k, entry)) {
              localBytes.addAndGet(-entry.answer().body().length);
            }
          });
      if (localBytes.get() + size > max) {
        return;
      }
    }
    LocalEntry previous =
        local.put(redisKey, new LocalEntry(answer, System.nanoTime() + keep.toNanos()));
    localBytes.addAndGet(size - (previous == null ? 0 : previous.answer().body().length));
  }

  /** An answer to cache: its HTTP status and the value serialised as its body. */
  public record Answer(HttpStatus status, Object body) {}

  private Mono<CachedJson> lookup(
      String endpoint, String redisKey, Duration ttl, Supplier<? extends Mono<Answer>> compute) {
    String lockKey = redisKey + ":lock";
    String token = UUID.randomUUID().toString();
    return redis
        .execute(
            READ_OR_LOCK,
            List.of(redisKey, lockKey),
            List.of(token, Long.toString(properties.lockTtl().toMillis())))
        .next()
        .timeout(properties.redisTimeout())
        .doOnNext(reply -> recovered())
        .map(reply -> Optional.<List<?>>of(reply))
        .onErrorResume(
            e -> {
              // The script may still run in Redis after the timeout and take the lock; the
              // release follows it on the same connection.
              release(lockKey, token).subscribe();
              return failed("read " + redisKey, e).then(Mono.just(Optional.empty()));
            })
        .flatMap(
            reply -> {
              if (reply.isEmpty()) {
                count(endpoint, "error");
                return serialize(compute.get(), CachedJson.Source.BYPASS);
              }
              List<?> parts = reply.get();
              String outcome = String.valueOf(parts.get(0));
              if (outcome.equals("hit")) {
                CachedJson hit = decode(String.valueOf(parts.get(1)));
                if (hit != null) {
                  count(endpoint, "hit");
                  return Mono.just(hit);
                }
                // Written by another version of admin-api: replaced by this version's answer.
                count(endpoint, "miss");
                return computeAndStore(redisKey, ttl, compute);
              }
              if (outcome.equals("locked")) {
                count(endpoint, "miss");
                return computeAndStore(redisKey, ttl, compute)
                    .flatMap(json -> release(lockKey, token).thenReturn(json))
                    .onErrorResume(e -> release(lockKey, token).then(Mono.error(e)));
              }
              return awaitOther(redisKey)
                  .doOnNext(json -> count(endpoint, "hit"))
                  .switchIfEmpty(
                      Mono.defer(
                          () -> {
                            count(endpoint, "miss");
                            return computeAndStore(redisKey, ttl, compute);
                          }));
            });
  }

  private Mono<CachedJson> computeAndStore(
      String redisKey, Duration ttl, Supplier<? extends Mono<Answer>> compute) {
    return serialize(compute.get(), CachedJson.Source.MISS)
        .flatMap(json -> store(redisKey, json, ttl).thenReturn(json));
  }

  /** Another instance computes the entry: poll for it, bounded by {@code lockWait}. */
  private Mono<CachedJson> awaitOther(String redisKey) {
    return Mono.delay(POLL)
        .then(Mono.defer(() -> read(redisKey)))
        .repeat()
        .filter(Optional::isPresent)
        .map(Optional::get)
        .next()
        .timeout(properties.lockWait(), Mono.empty());
  }

  /** The stored answer; empty when there is none, or it cannot be read now. */
  private Mono<Optional<CachedJson>> read(String redisKey) {
    return redis
        .opsForValue()
        .get(redisKey)
        .timeout(properties.redisTimeout())
        .map(stored -> Optional.ofNullable(decode(stored)))
        .defaultIfEmpty(Optional.empty())
        .onErrorResume(e -> failed("read " + redisKey, e).thenReturn(Optional.empty()));
  }

  private Mono<Void> store(String redisKey, CachedJson json, Duration ttl) {
    if (json.body().length > properties.maxEntrySize().toBytes()) {
      return Mono.empty();
    }
    return redis
        .opsForValue()
        .set(redisKey, encode(json), ttl)
        .timeout(properties.redisTimeout())
        .then()
        .onErrorResume(e -> failed("write " + redisKey, e));
  }

  private Mono<Void> release(String lockKey, String token) {
    return redis
        .execute(RELEASE, List.of(lockKey), List.of(token))
        .then()
        .timeout(properties.redisTimeout())
        .onErrorResume(e -> failed("unlock " + lockKey, e));
  }

  private Mono<CachedJson> serialize(Mono<Answer> answer, CachedJson.Source source) {
    return answer.map(
        a -> new CachedJson(a.status(), jsonMapper.writeValueAsBytes(a.body()), source));
  }

  /** Stored as {@code <status> <json>}. */
  private static String encode(CachedJson json) {
    return json.status().value() + " " + new String(json.body(), StandardCharsets.UTF_8);
  }

  /** {@code null} for a value this version cannot read (treated as a miss). */
  private static CachedJson decode(String stored) {
    int space = stored.indexOf(' ');
    if (space != 3) {
      return null;
    }
    HttpStatus status;
    try {
      status = HttpStatus.resolve(Integer.parseInt(stored.substring(0, 3)));
    } catch (NumberFormatException e) {
      return null;
    }
    if (status == null) {
      return null;
    }
    return new CachedJson(
        status,
        stored.substring(space + 1).getBytes(StandardCharsets.UTF_8),
        CachedJson.Source.HIT);
  }

  private Mono<Void> failed(String what, Throwable e) {
    if (!failing.getAndSet(true)) {
      log.warn(
          "Response cache unavailable ({} failed: {}); answering uncached until Redis answers"
              + " again",
          what,
          e.toString());
    }
    return Mono.empty();
  }

  private void recovered() {
    if (failing.compareAndSet(true, false)) {
      log.info("Response cache available again");
    }
  }

  private void count(String endpoint, String result) {
    counters
        .computeIfAbsent(
            endpoint + "|" + result,
            k ->
                Counter.builder(MetricNames.ADMIN_CACHE_REQUESTS)
                    .description("Read requests by cache result")
                    .tag("endpoint", endpoint)
                    .tag("result", result)
                    .register(meters))
        .increment();
  }
}
