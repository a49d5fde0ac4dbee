package dev.haingestor.admin.benchmark;

import dev.haingestor.admin.history.HistoryStatements;
import dev.haingestor.common.entities.EntityIndexKeys;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.stats.PipelineStage;
import dev.haingestor.common.stats.StatsKeys;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.testsupport.InfluxServer;
import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.RedisServer;
import dev.haingestor.testsupport.process.FreePorts;
import dev.haingestor.testsupport.process.ServiceJar;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Latency of admin-api under a dashboard-like load — a benchmark, not a test (no assertions, not
 * run by the build).
 *
 * <p>Starts the real servers of test-support, writes 24 h of one entity (a point every 10 s), an
 * entity index of 500 entities and a few minutes of stage counters, starts admin-api's runnable jar
 * as its own process (so its RSS is its own), and drives it from this JVM with Reactor Netty over
 * loopback at a fixed rate. Latency is measured from each request's scheduled send time, so a
 * stalled server is not hidden by a stalled generator (coordinated omission). Scenarios:
 *
 * <ol>
 *   <li>cached reads at 500 requests/s: stats, entities, pipeline, health and a fixed 24 h history
 *       request, in rotation (all answered from the Redis cache after the first);
 *   <li>a dashboard's mix at 500 requests/s: every tenth request a 24 h history with its own range
 *       (uncached), the others the cached reads above; percentiles reported per kind;
 *   <li>uncached history over 24 h of one entity: every request has its own {@code end}, so every
 *       request misses the response cache and is computed from the history block cache (whose hours
 *       the warm-up fetched) — at 500 requests/s, and at 50 requests/s;
 *   <li>cold history: 24 h of each of {@value #COLD_ENTITIES} other entities, each asked for once
 *       at 10 requests/s, so that every request fetches its 25 hours from InfluxDB;
 *   <li>the reference point: the same history statement sent straight to InfluxDB, 8 at a time, as
 *       fast as it answers — what InfluxDB alone can serve on this machine, and its CPU time per
 *       query.
 * </ol>
 *
 * <p>Run after {@code mvn -pl admin-api install} (the jar must exist):
 *
 * <pre>
 * cd admin-api
 * mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) \
 *     dev.haingestor.admin.benchmark.AdminApiLatencyBenchmark [seconds per scenario, default 20]
 * </pre>
 *
 * JVM options of admin-api: {@code ADMIN_API_JAVA_OPTS} (default {@link #DEFAULT_JAVA_OPTS});
 * scenarios: {@code BENCH_SCENARIOS} (default all, see {@link #selected}).
 */
public final class AdminApiLatencyBenchmark {

  /** The options docs/configuration.md recommends for a home server (RSS under 256 MB). */
  static final String DEFAULT_JAVA_OPTS =
      "-Xmx96m -Xmn48m -XX:+UseSerialGC -Xss256k -XX:TieredStopAtLevel=1"
          + " -XX:ReservedCodeCacheSize=32m -XX:MetaspaceSize=80m -XX:MaxMetaspaceSize=96m"
          + " -XX:MaxDirectMemorySize=32m -Dio.netty.allocator.numDirectArenas=1"
          + " -Dio.netty.allocator.numHeapArenas=1";

  private static final String ADMIN_KEY = "bench-admin-key-0123456789";
  private static final String READ_KEY = "bench-read-key-0123456789";
  private static final String ENTITY = "sensor.power";
  private static final int COLD_ENTITIES = 30;
  private static final int MAX_IN_FLIGHT = 512;
  private static final int INFLUX_CONCURRENCY = 8;
  private static final int WARM_UP_SECONDS = 30;

  /** {@code USER_HZ}: Linux reports process CPU times in 1/100 s on every common platform. */
  private static final int CLOCK_TICKS_PER_SECOND = 100;

  private AdminApiLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    RedisServer redisServer = RealServers.redis();
    InfluxServer influx = RealServers.influx();
    String database = influx.createDatabase("bench");
    RedisKeys keys = new RedisKeys("bench-" + System.nanoTime() + ":");
    Instant now = Instant.now();
    writeHistory(influx, database, now, "power");
    for (int e = 0; e < COLD_ENTITIES; e++) {
      writeHistory(influx, database, now, "cold_" + e);
    }
    writeRedisData(redisServer, keys, now);

    int port = FreePorts.next();
    Process admin = startAdminApi(port, redisServer, influx, database, keys);
    try {
      HttpClient http =
          HttpClient.create(
                  ConnectionProvider.builder("bench").maxConnections(MAX_IN_FLIGHT).build())
              .baseUrl("http://127.0.0.1:" + port)
              .headers(h -> h.set("X-API-Key", READ_KEY))
              .responseTimeout(Duration.ofSeconds(30));
      awaitLive(http);
      RssSampler rss = new RssSampler(admin.pid());

      String history24h =
          "/api/v1/entities/"
              + ENTITY
              + "/history?start="
              + iso(now.minus(Duration.ofHours(24)))
              + "&end="
              + iso(now);
      List<String> cached =
          List.of(
              "/api/v1/stats?window=5m",
              "/api/v1/entities?domain=sensor&limit=50",
              "/api/v1/pipeline",
              "/api/v1/health",
              history24h,
              "/api/v1/entities?search=kitchen");
      IntFunction<String> cachedPaths = i -> cached.get(i % cached.size());
      IntFunction<String> uncachedHistory =
          i ->
              "/api/v1/entities/"
                  + ENTITY
                  + "/history?start="
                  + iso(now.minus(Duration.ofHours(24)).plusMillis(i))
                  + "&end="
                  + iso(now.plusMillis(i));

      // Both JVMs compile their request paths for the first 15 s or so at this rate (measured:
      // the first 15 s of a 90 s run had a p99 of 11.3 ms, the rest 7.0-8.9 ms); a home server
      // runs for days.
      System.out.println(
          "Warm-up: " + WARM_UP_SECONDS + " s at 500 requests/s (cached reads), 5 s of history");
      run(http, 500, WARM_UP_SECONDS, cachedPaths, rss);
      run(http, 50, 5, uncachedHistory, rss);
      rss.reset();

      List<Result> results = new ArrayList<>();
      if (selected("cached")) {
        results.add(run(http, 500, seconds, cachedPaths, rss).all("cached reads", 500));
      }
      if (selected("mix")) {
        // A dashboard's mix: every tenth request a 24 h history nobody asked for before.
        IntFunction<String> mixed =
            i -> i % 10 == 9 ? uncachedHistory.apply(3_000_000 + i) : cachedPaths.apply(i);
        Samples mix = run(http, 500, seconds, mixed, rss);
        results.add(mix.only(i -> i % 10 != 9, "mix: cached reads", 450));
        results.add(mix.only(i -> i % 10 == 9, "mix: uncached history 24 h", 50));
      }
      if (selected("uncached500")) {
        results.add(
            run(http, 500, Math.max(5, seconds / 2), i -> uncachedHistory.apply(1_000_000 + i), rss)
                .all("uncached history 24 h", 500));
      }
      if (selected("cold")) {
        IntFunction<String> coldHistory =
            i ->
                "/api/v1/entities/sensor.cold_"
                    + (i % COLD_ENTITIES)
                    + "/history?start="
                    + iso(now.minus(Duration.ofHours(24)))
                    + "&end="
                    + iso(now);
        results.add(
            run(http, 10, COLD_ENTITIES / 10, coldHistory, rss).all("cold history 24 h", 10));
      }
      if (selected("uncached50")) {
        results.add(
            run(http, 50, Math.max(5, seconds / 2), i -> uncachedHistory.apply(2_000_000 + i), rss)
                .all("uncached history 24 h", 50));
      }
      InfluxCeiling ceiling =
          selected("influx")
              ? influxCeiling(influx, database, now, Math.max(5, seconds / 2))
              : null;

      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "%-24s %6s %7s %7s %8s %8s %8s %8s %7s%n",
          "scenario",
          "rate/s",
          "sent",
          "errors",
          "p50 ms",
          "p95 ms",
          "p99 ms",
          "max ms",
          "achieved");
      for (Result r : results) {
        System.out.printf(
            Locale.ROOT,
            "%-24s %6d %7d %7d %8.2f %8.2f %8.2f %8.2f %7.0f%n",
            r.name,
            r.rate,
            r.sent,
            r.errors,
            r.p(50),
            r.p(95),
            r.p(99),
            r.max(),
            r.achieved);
      }
      System.out.printf(
          Locale.ROOT,
          "admin-api RSS: max %.0f MB during the measured scenarios (JVM options: %s)%n",
          rss.maxMb(),
          javaOpts());
      if (ceiling != null) {
        System.out.printf(
            Locale.ROOT,
            "InfluxDB alone (the same 24 h history statement, %d at a time, no admin-api): %.0f"
                + " queries/s, influxd CPU %s per query%n",
            INFLUX_CONCURRENCY,
            ceiling.queriesPerSecond(),
            Double.isNaN(ceiling.cpuMillisPerQuery())
                ? "unknown (not a child process)"
                : String.format(Locale.ROOT, "%.2f ms", ceiling.cpuMillisPerQuery()));
      }
      System.out.println("JSON " + json(results, rss, ceiling));
    } finally {
      admin.destroy();
      admin.onExit().get();
    }
  }

  /**
   * {@code BENCH_SCENARIOS}: a comma-separated subset of cached, mix, uncached500, cold, uncached50
   * and influx (the reference point); all when unset.
   */
  private static boolean selected(String scenario) {
    String list = System.getenv("BENCH_SCENARIOS");
    return list == null || list.isBlank() || Arrays.asList(list.split(",")).contains(scenario);
  }

  private static String iso(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  /** 24 h of {@code sensor.<objectId>}, a point every 10 s, in HA's schema. */
  private static void writeHistory(
      InfluxServer influx, String database, Instant now, String objectId) {
    StringBuilder lines = new StringBuilder();
    Instant start = now.minus(Duration.ofHours(24));
    int points = 24 * 360;
    for (int i = 0; i <= points; i++) {
      Instant t = start.plusSeconds(10L * i);
      lines
          .append("W,domain=sensor,entity_id=")
          .append(objectId)
          .append(" value=")
          .append(100 + (i % 600) / 10.0)
          .append(' ')
          .append(HaTimestamps.toEpochMicros(t))
          .append('\n');
      if (i % 5000 == 0 || i == points) {
        influx.influxQl().write(database, lines.toString(), "us");
        lines.setLength(0);
      }
    }
    System.out.println("Wrote " + (points + 1) + " points of sensor." + objectId + " over 24 h");
  }

  /** An entity index of 500 entities, 10 minutes of stage counters, a stream with its group. */
  private static void writeRedisData(RedisServer server, RedisKeys keys, Instant now) {
    RedisStandaloneConfiguration config =
        new RedisStandaloneConfiguration(server.host(), server.port());
    if (server.password() != null) {
      config.setPassword(server.password());
    }
    LettuceConnectionFactory factory = new LettuceConnectionFactory(config);
    factory.afterPropertiesSet();
    factory.start();
    try {
      ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(factory);
      Map<String, String> index = new LinkedHashMap<>();
      String[] rooms = {"kitchen", "living", "bedroom", "office", "garage"};
      for (int i = 0; i < 500; i++) {
        String id = (i % 2 == 0 ? "sensor." : "light.") + rooms[i % 5] + "_" + i;
        index.put(
            id,
            "{\"entity_id\":\""
                + id
                + "\",\"state\":\""
                + i
                + "\",\"last_changed\":\""
                + HaTimestamps.format(now)
                + "\",\"last_updated\":\""
                + HaTimestamps.format(now)
                + "\",\"friendly_name\":\""
                + rooms[i % 5]
                + " "
                + i
                + "\","
                + "\"unit_of_measurement\":null,\"device_class\":null}");
      }
      redis.opsForHash().putAll(new EntityIndexKeys(keys).index(), index).block();
      StatsKeys stats = new StatsKeys(keys);
      for (int minute = 0; minute < 10; minute++) {
        for (PipelineStage stage : PipelineStage.values()) {
          Map<String, String> counts = new LinkedHashMap<>();
          counts.put(StatsKeys.TOTAL, "600");
          counts.put(StatsKeys.DOMAIN_FIELD_PREFIX + "sensor", "600");
          for (int e = 0; e < 60; e++) {
            counts.put(StatsKeys.ENTITY_FIELD_PREFIX + "sensor.e" + e, "10");
          }
          redis
              .opsForHash()
              .putAll(stats.minute(stage, now.minus(Duration.ofMinutes(minute))), counts)
              .block();
        }
      }
      // The services' heartbeats, without TTL: health answers 200 (DEGRADED once they age).
      for (String service : List.of("ingestion-service", "enrichment-service")) {
        redis
            .opsForHash()
            .putAll(
                keys.serviceStatus(service),
                Map.of(
                    "status", "UP",
                    "ha_connection", "subscribed",
                    "updated_at", HaTimestamps.format(now),
                    "version", "bench"))
            .block();
      }
      for (int i = 0; i < 1000; i++) {
        redis.opsForStream().add(keys.events(), Map.of("n", Integer.toString(i))).block();
      }
      redis
          .opsForStream()
          .createGroup(keys.events(), RedisKeys.ENRICHMENT_GROUP)
          .onErrorResume(e -> Mono.empty())
          .block();
    } finally {
      factory.destroy();
    }
  }

  private static String javaOpts() {
    String opts = System.getenv("ADMIN_API_JAVA_OPTS");
    return opts == null || opts.isBlank() ? DEFAULT_JAVA_OPTS : opts;
  }

  private static Process startAdminApi(
      int port, RedisServer redis, InfluxServer influx, String database, RedisKeys keys)
      throws IOException {
    Path jar = Path.of("target", "admin-api-0.1.0-SNAPSHOT-exec.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath() + " is missing: mvn -pl admin-api install");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(javaOpts().trim().split("\\s+")));
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.putAll(ServiceJar.IMAGE_ENVIRONMENT);
    env.put("SERVER_PORT", Integer.toString(port));
    env.put("REDIS_HOST", redis.host());
    env.put("REDIS_PORT", Integer.toString(redis.port()));
    if (redis.password() != null) {
      env.put("REDIS_PASSWORD", redis.password());
    }
    env.put("REDIS_KEY_PREFIX", keys.prefix());
    boolean v1 = influx.version().startsWith("1.");
    env.put("INFLUXDB_URL", influx.url());
    env.put("INFLUXDB_API_VERSION", v1 ? "1" : "2");
    env.put("INFLUXDB_DATABASE", database);
    env.put("INFLUXDB_BUCKET", database);
    env.put("INFLUXDB_TOKEN", influx.token() == null ? "" : influx.token());
    env.put("INFLUXDB_ORG", influx.org() == null ? "" : influx.org());
    env.put("ADMIN_API_KEY", ADMIN_KEY);
    env.put("READ_API_KEY", READ_KEY);
    env.put("ADMIN_RATE_LIMIT_REQUESTS_PER_SECOND", "1000000");
    builder.redirectErrorStream(true);
    builder.redirectOutput(Path.of("target", "benchmark-admin-api.log").toFile());
    return builder.start();
  }

  private static void awaitLive(HttpClient http) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Integer status =
          http.get()
              .uri("/api/v1/health/live")
              .response()
              .map(r -> r.status().code())
              .onErrorResume(e -> Mono.just(0))
              .block(Duration.ofSeconds(5));
      if (status != null && status == 200) {
        return;
      }
      Thread.sleep(200); // a benchmark's start-up poll, bounded by the deadline
    }
    throw new IllegalStateException("admin-api did not start; see target/benchmark-admin-api.log");
  }

  /** Sends {@code rate} requests per second for {@code seconds}, paths by request number. */
  private static Samples run(
      HttpClient http, int rate, int seconds, IntFunction<String> paths, RssSampler rss) {
    int total = rate * seconds;
    long periodNanos = 1_000_000_000L / rate;
    long[] latencies = new long[total];
    Arrays.fill(latencies, -1);
    boolean[] failed = new boolean[total];
    long start = System.nanoTime() + Duration.ofMillis(100).toNanos();
    // Evenly spaced sends (as wrk2 does), in ticks of at least 2 ms: a tick of 10 ms sent five
    // requests at once at 500/s, and the fifth waited for the four before it.
    int perTick = Math.max(1, rate / 500);
    long tickNanos = periodNanos * perTick;
    Flux.interval(Duration.ofMillis(100), Duration.ofNanos(tickNanos))
        .onBackpressureBuffer(total)
        .take((total + perTick - 1) / perTick)
        .concatMapIterable(
            tick -> {
              List<Integer> batch = new ArrayList<>(perTick);
              for (int j = 0; j < perTick; j++) {
                int n = (int) (tick * perTick + j);
                if (n < total) {
                  batch.add(n);
                }
              }
              return batch;
            })
        .flatMap(
            n -> {
              // The send time of the request's tick (a tick sends perTick requests at once).
              long intended = start + (n / perTick) * tickNanos;
              return http.get()
                  .uri(paths.apply(n))
                  .responseSingle(
                      (response, body) ->
                          body.asByteArray()
                              .defaultIfEmpty(new byte[0])
                              .map(bytes -> response.status()))
                  .onErrorResume(e -> Mono.just(HttpResponseStatus.SERVICE_UNAVAILABLE))
                  .doOnNext(
                      status -> {
                        failed[n] = status.code() >= 400;
                        latencies[n] = System.nanoTime() - intended;
                      });
            },
            MAX_IN_FLIGHT)
        .doOnNext(status -> rss.sample())
        .then()
        .block(Duration.ofSeconds(seconds + 120L));
    return new Samples(latencies, failed, (System.nanoTime() - start) / 1e9);
  }

  /**
   * Each request's latency by request number ({@code -1}: no answer) and whether it failed (an HTTP
   * status of 400 or more, or no answer).
   */
  private record Samples(long[] latencies, boolean[] failed, double elapsedSeconds) {

    Result all(String name, int rate) {
      return only(i -> true, name, rate);
    }

    /** The requests whose number {@code include} accepts. */
    Result only(IntPredicate include, String name, int rate) {
      long[] measured = new long[latencies.length];
      int count = 0;
      long errors = 0;
      for (int i = 0; i < latencies.length; i++) {
        if (include.test(i) && latencies[i] >= 0) {
          measured[count++] = latencies[i];
          errors += failed[i] ? 1 : 0;
        }
      }
      long[] sorted = Arrays.copyOf(measured, count);
      Arrays.sort(sorted);
      return new Result(sorted, errors, count / elapsedSeconds).named(name, rate);
    }
  }

  /**
   * @param queriesPerSecond answered per second
   * @param cpuMillisPerQuery influxd's CPU time per query, {@code NaN} when influxd is not a
   *     process of this JVM (a container)
   */
  private record InfluxCeiling(double queriesPerSecond, double cpuMillisPerQuery) {}

  /**
   * The reference point for the uncached history: admin-api's statement for a 24 h history sent
   * straight to InfluxDB, {@link #INFLUX_CONCURRENCY} at a time (admin-api's default limit of
   * concurrent queries), each with its own range, as fast as InfluxDB answers.
   */
  private static InfluxCeiling influxCeiling(
      InfluxServer influx, String database, Instant now, int seconds) {
    String statement = HistoryStatements.defaultHistory();
    ProcessHandle influxd =
        ProcessHandle.current()
            .descendants()
            .filter(p -> p.info().command().orElse("").endsWith("influxd"))
            .findFirst()
            .orElse(null);
    // The load generator's client, so the client costs as little CPU as in the scenarios.
    HttpClient client =
        HttpClient.create(ConnectionProvider.builder("influx-reference").maxConnections(8).build())
            .baseUrl(influx.url())
            .headers(
                h -> {
                  h.set("Content-Type", "application/x-www-form-urlencoded");
                  if (!influx.version().startsWith("1.")) {
                    h.set("Authorization", "Token " + influx.token());
                  }
                });
    AtomicLong sequence = new AtomicLong();
    Supplier<Mono<Integer>> query =
        () -> {
          Instant end = now.plusMillis(5_000_000L + sequence.incrementAndGet());
          String params =
              "{\"domain\":\"sensor\",\"object_id\":\"power\",\"start\":\""
                  + iso(end.minus(Duration.ofHours(24)))
                  + "\",\"end\":\""
                  + iso(end)
                  + "\"}";
          String form =
              "q="
                  + URLEncoder.encode(statement, StandardCharsets.UTF_8)
                  + "&params="
                  + URLEncoder.encode(params, StandardCharsets.UTF_8);
          return client
              .post()
              .uri("/query?epoch=ns&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8))
              .send(ByteBufFlux.fromString(Mono.just(form)))
              .responseSingle(
                  (response, body) -> body.asByteArray().thenReturn(response.status().code()))
              .filter(status -> status == 200)
              .switchIfEmpty(
                  Mono.error(new IllegalStateException("InfluxDB refused " + statement)));
        };
    // Two seconds not counted, for the client's code to be compiled.
    queryFor(Duration.ofSeconds(2), query);
    double cpuBefore = cpuSeconds(influxd);
    long started = System.nanoTime();
    long answered = queryFor(Duration.ofSeconds(seconds), query);
    double elapsed = (System.nanoTime() - started) / 1e9;
    double cpu = cpuSeconds(influxd) - cpuBefore;
    return new InfluxCeiling(answered / elapsed, cpu * 1000 / answered);
  }

  /**
   * Sends queries, {@link #INFLUX_CONCURRENCY} at a time, until {@code duration} is over.
   *
   * @return how many were answered
   */
  private static long queryFor(Duration duration, Supplier<Mono<Integer>> query) {
    long deadline = System.nanoTime() + duration.toNanos();
    Long answered =
        Flux.<Integer>generate(sink -> sink.next(0))
            .takeWhile(ignored -> System.nanoTime() < deadline)
            .flatMap(ignored -> query.get(), INFLUX_CONCURRENCY)
            .count()
            .block(duration.plusSeconds(60));
    return answered == null ? 0 : answered;
  }

  /** User + system CPU seconds of a process from {@code /proc/<pid>/stat}; NaN if unknown. */
  private static double cpuSeconds(ProcessHandle process) {
    if (process == null) {
      return Double.NaN;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      // Fields after the command name, which is in parentheses and may contain spaces.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks / (double) CLOCK_TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static final class Result {
    final long[] sortedNanos;
    final long errors;
    final double achieved;
    String name;
    int rate;
    int sent;

    Result(long[] sortedNanos, long errors, double achieved) {
      this.sortedNanos = sortedNanos;
      this.errors = errors;
      this.achieved = achieved;
      this.sent = sortedNanos.length;
    }

    Result named(String name, int rate) {
      this.name = name;
      this.rate = rate;
      return this;
    }

    double p(double percentile) {
      if (sortedNanos.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1;
      return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
    }

    double max() {
      return sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6;
    }
  }

  /** The resident set size of admin-api's process, from {@code /proc/<pid>/status}. */
  private static final class RssSampler {
    private final Path status;
    private final AtomicLong maxKb = new AtomicLong();
    private final AtomicLong lastSample = new AtomicLong();

    RssSampler(long pid) {
      this.status = Path.of("/proc", Long.toString(pid), "status");
    }

    /** At most every 100 ms. */
    void sample() {
      long now = System.nanoTime();
      long last = lastSample.get();
      if (now - last < 100_000_000L || !lastSample.compareAndSet(last, now)) {
        return;
      }
      try {
        for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
          if (line.startsWith("VmRSS:")) {
            long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            maxKb.accumulateAndGet(kb, Math::max);
          }
        }
      } catch (IOException | NumberFormatException e) {
        // not on Linux, or the process ended: no sample
      }
    }

    void reset() {
      maxKb.set(0);
    }

    double maxMb() {
      return maxKb.get() / 1024.0;
    }
  }

  private static String json(List<Result> results, RssSampler rss, InfluxCeiling ceiling) {
    StringBuilder json = new StringBuilder("{\"scenarios\":[");
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      json.append(i == 0 ? "" : ",")
          .append(
              String.format(
                  Locale.ROOT,
                  "{\"name\":\"%s\",\"rate\":%d,\"sent\":%d,\"errors\":%d,\"p50_ms\":%.2f,"
                      + "\"p95_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f,\"achieved_rps\":%.0f}",
                  r.name,
                  r.rate,
                  r.sent,
                  r.errors,
                  r.p(50),
                  r.p(95),
                  r.p(99),
                  r.max(),
                  r.achieved));
    }
    json.append(String.format(Locale.ROOT, "],\"rss_max_mb\":%.0f", rss.maxMb()));
    if (ceiling != null) {
      json.append(
          String.format(
              Locale.ROOT,
              ",\"influx_alone\":{\"concurrency\":%d,\"queries_per_second\":%.0f,"
                  + "\"influxd_cpu_ms_per_query\":%s}",
              INFLUX_CONCURRENCY,
              ceiling.queriesPerSecond(),
              Double.isNaN(ceiling.cpuMillisPerQuery())
                  ? "null"
                  : String.format(Locale.ROOT, "%.2f", ceiling.cpuMillisPerQuery())));
    }
    return json.append('}').toString();
  }
}
