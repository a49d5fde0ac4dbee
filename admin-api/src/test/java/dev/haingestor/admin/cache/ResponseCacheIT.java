package dev.haingestor.admin.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.RealServersExtension;
import dev.haingestor.testsupport.RedisServer;
import dev.haingestor.testsupport.process.FreePorts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The response cache against real Redis, without Spring: one cache per test. */
@ExtendWith(RealServersExtension.class)
class ResponseCacheIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration TTL = Duration.ofSeconds(30);

  private final List<LettuceConnectionFactory> factories = new java.util.ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final RedisKeys keys = new RedisKeys("it-cache-" + UUID.randomUUID() + ":");

  @AfterEach
  void closeConnections() {
    factories.forEach(LettuceConnectionFactory::destroy);
  }

  private ReactiveStringRedisTemplate redis(String host, int port, String password) {
    RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(host, port);
    if (password != null) {
      server.setPassword(password);
    }
    LettuceConnectionFactory factory =
        new LettuceConnectionFactory(
            server,
            LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
    factory.afterPropertiesSet();
    factory.start();
    factories.add(factory);
    return new ReactiveStringRedisTemplate(factory);
  }

  private ReactiveStringRedisTemplate realRedis() {
    RedisServer server = RealServers.redis();
    return redis(server.host(), server.port(), server.password());
  }

  /** Without the near cache: these tests observe Redis. */
  private ResponseCache cache(ReactiveStringRedisTemplate redis) {
    return cache(redis, Duration.ZERO);
  }

  private ResponseCache cache(ReactiveStringRedisTemplate redis, Duration localTtl) {
    return cache(redis, localTtl, Duration.ofSeconds(5), Duration.ofSeconds(2));
  }

  private ResponseCache cache(
      ReactiveStringRedisTemplate redis, Duration localTtl, Duration lockTtl, Duration lockWait) {
    CacheProperties properties =
        new CacheProperties(
            true,
            TTL,
            TTL,
            TTL,
            TTL,
            TTL,
            TTL,
            lockTtl,
            lockWait,
            Duration.ofMillis(250),
            DataSize.ofMegabytes(1),
            localTtl,
            DataSize.ofKilobytes(1));
    return new ResponseCache(redis, JsonMapper.builder().build(), properties, keys, meters);
  }

  private static String body(CachedJson json) {
    return new String(json.body(), StandardCharsets.UTF_8);
  }

  private double count(String result) {
    var counter =
        meters
            .find(MetricNames.ADMIN_CACHE_REQUESTS)
            .tags("endpoint", "test", "result", result)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void storesTheFirstAnswerAndServesItFromRedisAfterwards() {
    ResponseCache cache = cache(realRedis());
    AtomicInteger computations = new AtomicInteger();
    CacheKey key = CacheKey.of("test", "a", 1);

    CachedJson first =
        cache
            .json(
                key,
                TTL,
                () -> Mono.fromSupplier(() -> Map.of("n", computations.incrementAndGet())))
            .block(WAIT);
    // A second instance sharing Redis.
    CachedJson second =
        cache(realRedis())
            .json(
                key,
                TTL,
                () -> Mono.fromSupplier(() -> Map.of("n", computations.incrementAndGet())))
            .block(WAIT);

    assertThat(first.source()).isEqualTo(CachedJson.Source.MISS);
    assertThat(second.source()).isEqualTo(CachedJson.Source.HIT);
    assertThat(body(second)).isEqualTo("{\"n\":1}");
    assertThat(computations).hasValue(1);
    assertThat(count("miss")).isEqualTo(1);
    assertThat(count("hit")).isEqualTo(1);
  }

  @Test
  void keepsTheStatusOfTheAnswer() {
    ResponseCache cache = cache(realRedis());
    CacheKey key = CacheKey.of("test", "status");
    java.util.function.Supplier<Mono<ResponseCache.Answer>> down =
        () ->
            Mono.just(
                new ResponseCache.Answer(HttpStatus.SERVICE_UNAVAILABLE, Map.of("s", "DOWN")));

    cache.answer(key, TTL, down).block(WAIT);
    CachedJson hit = cache.answer(key, TTL, down).block(WAIT);

    assertThat(hit.source()).isEqualTo(CachedJson.Source.HIT);
    assertThat(hit.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
  }

  @Test
  void computesOnceForConcurrentRequestsOfOneInstance() {
    ResponseCache cache = cache(realRedis());
    AtomicInteger computations = new AtomicInteger();
    CacheKey key = CacheKey.of("test", "stampede");

    List<CachedJson> answers =
        Flux.range(0, 20)
            .flatMap(
                i ->
                    cache.json(
                        key,
                        TTL,
                        () ->
                            Mono.fromSupplier(computations::incrementAndGet)
                                .delayElement(Duration.ofMillis(300))))
            .collectList()
            .block(WAIT);

    assertThat(computations).hasValue(1);
    assertThat(answers).hasSize(20).allSatisfy(a -> assertThat(body(a)).isEqualTo("1"));
    assertThat(answers).filteredOn(a -> a.source() == CachedJson.Source.MISS).hasSize(1);
  }

  @Test
  void waitsForAnotherInstanceThatHoldsTheLock() {
    ReactiveStringRedisTemplate redis = realRedis();
    ResponseCache cache = cache(redis);
    CacheKey key = CacheKey.of("test", "locked");
    String redisKey = keys.prefix() + "admin-cache:test:" + key.digest(0);
    AtomicInteger computations = new AtomicInteger();
    // Another instance took the lock and stores its answer 300 ms later.
    redis.opsForValue().set(redisKey + ":lock", "other", Duration.ofSeconds(5)).block(WAIT);
    Mono.delay(Duration.ofMillis(300))
        .then(redis.opsForValue().set(redisKey, "200 {\"from\":\"other\"}", TTL))
        .subscribe();

    CachedJson answer =
        cache.json(key, TTL, () -> Mono.fromSupplier(computations::incrementAndGet)).block(WAIT);

    assertThat(body(answer)).isEqualTo("{\"from\":\"other\"}");
    assertThat(answer.source()).isEqualTo(CachedJson.Source.HIT);
    assertThat(computations).hasValue(0);
  }

  @Test
  void computesItselfWhenTheLockHolderNeverAnswers() {
    ReactiveStringRedisTemplate redis = realRedis();
    ResponseCache cache = cache(redis);
    CacheKey key = CacheKey.of("test", "abandoned");
    String redisKey = keys.prefix() + "admin-cache:test:" + key.digest(0);
    redis.opsForValue().set(redisKey + ":lock", "crashed", Duration.ofSeconds(30)).block(WAIT);

    CachedJson answer = cache.json(key, TTL, () -> Mono.just("mine")).block(WAIT);

    assertThat(body(answer)).isEqualTo("\"mine\"");
    assertThat(answer.source()).isEqualTo(CachedJson.Source.MISS);
  }

  @Test
  void releasesTheLockAfterComputing() {
    ReactiveStringRedisTemplate redis = realRedis();
    ResponseCache cache = cache(redis);
    CacheKey key = CacheKey.of("test", "released");
    String redisKey = keys.prefix() + "admin-cache:test:" + key.digest(0);

    cache.json(key, TTL, () -> Mono.just(1)).block(WAIT);

    assertThat(redis.hasKey(redisKey + ":lock").block(WAIT)).isFalse();
    assertThat(redis.getExpire(redisKey).block(WAIT)).isPositive().isLessThanOrEqualTo(TTL);
  }

  /** Keeps Redis busy (one script runs at a time) for {@code ARGV[1]} milliseconds. */
  private static final RedisScript<Long> BUSY =
      RedisScript.of(
          "local function now() local t = redis.call('TIME')"
              + " return tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000 end"
              + " local start = now()"
              + " while now() - start < tonumber(ARGV[1]) do end"
              + " return 1",
          Long.class);

  private static boolean isBusy(ReactiveStringRedisTemplate redis) {
    return redis
        .hasKey("any")
        .timeout(Duration.ofMillis(100))
        .map(exists -> false)
        .onErrorReturn(true)
        .block(WAIT);
  }

  @Test
  void releasesTheLockThatAReadTookAfterItsTimeout() {
    ReactiveStringRedisTemplate redis = realRedis();
    // A lock left behind would make the next request wait far longer than WAIT.
    ResponseCache cache = cache(redis, Duration.ZERO, Duration.ofMinutes(2), Duration.ofMinutes(1));
    CacheKey key = CacheKey.of("test", "slow-redis");
    String lockKey = keys.prefix() + "admin-cache:test:" + key.digest(0) + ":lock";
    ReactiveStringRedisTemplate blocker = realRedis();
    ReactiveStringRedisTemplate observer = realRedis();
    for (ReactiveStringRedisTemplate connected : List.of(redis, blocker, observer)) {
      connected.hasKey(lockKey).block(WAIT);
    }
    blocker
        .execute(BUSY, List.of(), List.of("1500"))
        .onErrorResume(e -> Flux.empty()) // its client gives up after 1 s; Redis does not
        .subscribe();
    await().atMost(WAIT).until(() -> isBusy(observer));

    // Redis answers after the cache's 250 ms, then runs the read, which takes the lock.
    CachedJson during = cache.json(key, TTL, () -> Mono.just("during")).block(WAIT);
    await().atMost(WAIT).until(() -> !isBusy(observer));
    CachedJson after = cache.json(key, TTL, () -> Mono.just("after")).block(WAIT);

    assertThat(during.source()).isEqualTo(CachedJson.Source.BYPASS);
    assertThat(after.source()).isEqualTo(CachedJson.Source.MISS);
    assertThat(body(after)).isEqualTo("\"after\"");
    assertThat(redis.hasKey(lockKey).block(WAIT)).isFalse();
  }

  @Test
  void neverCachesErrors() {
    ResponseCache cache = cache(realRedis());
    CacheKey key = CacheKey.of("test", "error");
    AtomicInteger computations = new AtomicInteger();

    for (int i = 0; i < 2; i++) {
      Mono<CachedJson> failing =
          cache.json(
              key,
              TTL,
              () -> Mono.error(new IllegalStateException("no " + computations.incrementAndGet())));
      reactor.test.StepVerifier.create(failing).expectErrorMessage("no " + (i + 1)).verify(WAIT);
    }
    assertThat(computations).hasValue(2);
  }

  @Test
  void invalidatesEveryAnswerWithANewConfigurationVersion() {
    ResponseCache cache = cache(realRedis());
    CacheKey key = CacheKey.of("test", "config");
    AtomicInteger computations = new AtomicInteger();

    cache.json(key, TTL, () -> Mono.fromSupplier(computations::incrementAndGet)).block(WAIT);
    cache.invalidateAll(7);
    CachedJson after =
        cache.json(key, TTL, () -> Mono.fromSupplier(computations::incrementAndGet)).block(WAIT);

    assertThat(after.source()).isEqualTo(CachedJson.Source.MISS);
    assertThat(body(after)).isEqualTo("2");
  }

  @Test
  void answersUncachedWhenRedisIsUnreachable() {
    int closedPort = FreePorts.next();
    ResponseCache cache = cache(redis("127.0.0.1", closedPort, null));

    CachedJson answer =
        cache.json(CacheKey.of("test", "down"), TTL, () -> Mono.just("fresh")).block(WAIT);

    assertThat(body(answer)).isEqualTo("\"fresh\"");
    assertThat(answer.source()).isEqualTo(CachedJson.Source.BYPASS);
    assertThat(count("error")).isEqualTo(1);
  }

  @Test
  void bypassesTheCacheForAZeroTtl() {
    ReactiveStringRedisTemplate redis = realRedis();
    ResponseCache cache = cache(redis);

    CachedJson answer =
        cache.json(CacheKey.of("test", "off"), Duration.ZERO, () -> Mono.just(1)).block(WAIT);

    assertThat(answer.source()).isEqualTo(CachedJson.Source.BYPASS);
    assertThat(redis.keys(keys.prefix() + "admin-cache:*").collectList().block(WAIT)).isEmpty();
  }

  @Test
  void servesABurstFromMemoryWithinTheLocalTtl() {
    ReactiveStringRedisTemplate redis = realRedis();
    ResponseCache cache = cache(redis, Duration.ofSeconds(30));
    CacheKey key = CacheKey.of("test", "near");
    String redisKey = keys.prefix() + "admin-cache:test:" + key.digest(0);
    cache.json(key, TTL, () -> Mono.just("first")).block(WAIT);
    // Asked for a second time: read from Redis, and kept in memory from then on.
    cache.json(key, TTL, () -> Mono.just("unused")).block(WAIT);
    // Redis loses the entry; the instance still answers from memory.
    redis.delete(redisKey).block(WAIT);

    CachedJson answer = cache.json(key, TTL, () -> Mono.just("second")).block(WAIT);

    assertThat(body(answer)).isEqualTo("\"first\"");
    assertThat(answer.source()).isEqualTo(CachedJson.Source.HIT);
    assertThat(count("local_hit")).isEqualTo(1);
    cache.invalidateAll(3);
    assertThat(body(cache.json(key, TTL, () -> Mono.just("third")).block(WAIT)))
        .isEqualTo("\"third\"");
  }

  @Test
  void keepsNoAnswerInMemoryThatWasOnlyComputed() {
    ReactiveStringRedisTemplate redis = realRedis();
    ResponseCache cache = cache(redis, Duration.ofSeconds(30));
    CacheKey key = CacheKey.of("test", "once");
    String redisKey = keys.prefix() + "admin-cache:test:" + key.digest(0);
    cache.json(key, TTL, () -> Mono.just("first")).block(WAIT);
    redis.delete(redisKey).block(WAIT);

    CachedJson answer = cache.json(key, TTL, () -> Mono.just("second")).block(WAIT);

    assertThat(body(answer)).isEqualTo("\"second\"");
    assertThat(count("local_hit")).isZero();
  }

  @Test
  void keepsNoMoreThanTheLocalSizeInMemory() {
    ReactiveStringRedisTemplate redis = realRedis();
    ResponseCache cache = cache(redis, Duration.ofSeconds(30));
    CacheKey big = CacheKey.of("test", "big");
    String redisKey = keys.prefix() + "admin-cache:test:" + big.digest(0);
    // 2 KiB, more than the 1 KiB bound of these tests; read back once, which would keep it.
    cache.json(big, TTL, () -> Mono.just("x".repeat(2048))).block(WAIT);
    cache.json(big, TTL, () -> Mono.just("unused")).block(WAIT);
    redis.delete(redisKey).block(WAIT);

    CachedJson answer = cache.json(big, TTL, () -> Mono.just("recomputed")).block(WAIT);

    assertThat(body(answer)).isEqualTo("\"recomputed\"");
  }
}
