package dev.haingestor.enrichment;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.testsupport.InfluxServer;
import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.RedisServer;
import dev.haingestor.testsupport.process.FreePorts;
import dev.haingestor.testsupport.process.ServiceJar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Benchmark, not a test (no {@code *Test}/{@code *IT} name): the service's runnable jar against the
 * real Redis and InfluxDB of test-support, two measurements —
 *
 * <ol>
 *   <li><b>latency</b> (first, on a quiet InfluxDB: after the ceiling influxd compacts for
 *       minutes): events published at {@code -Dbench.rate} (1,000/s) for {@code -Dbench.warmup} (60
 *       s, not measured) + {@code -Dbench.seconds} (30 s) with {@code time_fired} = publication
 *       time; percentiles of the service's own {@code time_fired → InfluxDB 2xx} histogram;
 *   <li><b>ceiling</b>: a stream pre-filled with {@code -Dbench.ceilingWarmup} (900,000) + {@code
 *       -Dbench.events} (600,000) HA-shaped events, drained by one instance as fast as it goes (v1
 *       sink, {@code -Dbench.batch} 5,000 as configured by default); points/s of the measured
 *       events, from the moment the warm-up ones are acknowledged (the JIT has compiled the hot
 *       path) to the last acknowledgement.
 * </ol>
 *
 * {@code -Dbench.ceilingOnly=true} skips the latency phase; {@code -Dbench.env=NAME=value,...} sets
 * the service's environment variables to compare a configuration with the defaults (e.g. {@code
 * INFLUXDB_GZIP=true}). Peak RSS of the service process is sampled from {@code /proc}. Run after
 * {@code mvn -pl enrichment-service package}, from the module directory: {@code mvn -pl
 * enrichment-service exec:java}-style, or {@code java -cp "target/test-classes:target/classes:$(cat
 * cp.txt)" dev.haingestor.enrichment.EnrichmentThroughputBenchmark}.
 */
public final class EnrichmentThroughputBenchmark {

  private static final int EVENTS = Integer.getInteger("bench.events", 600_000);
  // Drained before the measured events: a cold JVM spends most of its first seconds compiling.
  // After 100,000 events C2 still took 43 % of the service's CPU (async-profiler); after 900,000,
  // 14 %. The ceiling is the service's in steady state, as it runs for months.
  private static final int CEILING_WARM_UP = Integer.getInteger("bench.ceilingWarmup", 900_000);
  // The service's default EVENT_BATCH_SIZE.
  private static final int BATCH = Integer.getInteger("bench.batch", 5_000);
  private static final int RATE = Integer.getInteger("bench.rate", 1_000);
  private static final int SECONDS = Integer.getInteger("bench.seconds", 30);
  // The pipeline benchmark warms up for 2 minutes for the same reason (C2); 60 s at 1,000/s.
  private static final int WARM_UP_SECONDS = Integer.getInteger("bench.warmup", 60);
  private static final int ENTITIES = 200;

  /** As a container runs it (the images' JVM options) unless {@code -Dbench.jvm} says otherwise. */
  private static final List<String> JVM =
      System.getProperty("bench.jvm") == null
          ? ServiceJar.IMAGE_JVM_OPTIONS
          : List.of(System.getProperty("bench.jvm").split(" "));

  private static final EventCodec CODEC = new EventCodec(JsonMapper.builder().build());
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final RedisServer redisServer = RealServers.redis();
  private final InfluxServer influx = RealServers.influx();
  private final StringRedisTemplate redis;
  private final LettuceConnectionFactory connections;

  private EnrichmentThroughputBenchmark() {
    RedisStandaloneConfiguration config =
        new RedisStandaloneConfiguration(redisServer.host(), redisServer.port());
    if (redisServer.password() != null) {
      config.setPassword(redisServer.password());
    }
    connections = new LettuceConnectionFactory(config);
    connections.afterPropertiesSet();
    connections.start();
    redis = new StringRedisTemplate(connections);
  }

  public static void main(String[] args) throws Exception {
    EnrichmentThroughputBenchmark benchmark = new EnrichmentThroughputBenchmark();
    try {
      System.out.println("# " + RealServers.describe());
      Map<String, Object> results = new LinkedHashMap<>();
      // Latency first: after the ceiling's 1.5 million points influxd compacts for minutes, and
      // a latency phase measured then had a p99 of 89 ms instead of 28 ms.
      if (!Boolean.getBoolean("bench.ceilingOnly")) {
        results.put("latency", benchmark.latency());
      }
      results.put("ceiling", benchmark.ceiling());
      System.out.println(
          JsonMapper.builder()
              .build()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(results));
    } finally {
      benchmark.connections.destroy();
      System.exit(0);
    }
  }

  private Map<String, Object> ceiling() throws Exception {
    RedisKeys keys = new RedisKeys("bench-" + UUID.randomUUID().toString().substring(0, 8) + ":");
    String database = influx.createDatabase("bench_ceiling");
    Instant base = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    int total = CEILING_WARM_UP + EVENTS;
    for (int from = 0; from < total; from += 10_000) {
      List<StateChangedEvent> chunk = new ArrayList<>(10_000);
      for (int i = from; i < Math.min(total, from + 10_000); i++) {
        chunk.add(haShapedEvent(i, base.plus(i * 100L, ChronoUnit.MICROS), Instant.now()));
      }
      publish(keys, chunk);
    }
    int port = FreePorts.next();
    Map<String, Object> result = new LinkedHashMap<>();
    try (ServiceProcess service =
        ServiceProcess.start("bench-ceiling", environment(keys, database, port, BATCH), JVM)) {
      long[] peakRss = {0};
      double cpuAtStart = 0;
      double cpuAtEnd = 0;
      long started = 0;
      long last = System.nanoTime();
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (true) {
        if (!service.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the service did not drain the stream (exited: "
                  + !service.isAlive()
                  + "); see "
                  + service.log());
        }
        peakRss[0] = Math.max(peakRss[0], rssKb(service));
        double acknowledged = metric(port, "ha_ingestor_enrichment_events_acknowledged_total");
        if (acknowledged >= CEILING_WARM_UP && acknowledged > 0 && started == 0) {
          started = System.nanoTime();
          cpuAtStart = cpuSeconds(service);
        }
        if (acknowledged >= total) {
          last = System.nanoTime();
          cpuAtEnd = cpuSeconds(service);
          break;
        }
        pause(Duration.ofMillis(50));
      }
      double seconds = (last - started) / 1e9;
      result.put("events", EVENTS);
      result.put("warm_up_events_not_measured", CEILING_WARM_UP);
      result.put("batch_size", BATCH);
      result.put("sink", "InfluxDB 1.x /write (" + influx.kind() + " " + influx.version() + ")");
      result.put("seconds", round(seconds));
      result.put("points_per_second", Math.round(EVENTS / seconds));
      result.put("peak_rss_mb", peakRss[0] / 1024);
      // Independent of how busy the machine is: the service's own CPU time per event.
      double cpu = cpuAtEnd - cpuAtStart;
      result.put("service_cpu_seconds", round(cpu));
      result.put("points_per_cpu_second", Math.round(EVENTS / Math.max(cpu, 0.01)));
      result.put("load_average", loadAverage());
    }
    System.out.println("# ceiling: " + result);
    return result;
  }

  private Map<String, Object> latency() throws Exception {
    RedisKeys keys = new RedisKeys("bench-" + UUID.randomUUID().toString().substring(0, 8) + ":");
    String database = influx.createDatabase("bench_latency");
    int port = FreePorts.next();
    Map<String, Object> result = new LinkedHashMap<>();
    try (ServiceProcess service =
        ServiceProcess.start("bench-latency", environment(keys, database, port, 1_000), JVM)) {
      while (metricOrNull(port, "ha_ingestor_enrichment_group_pending") == null) {
        pause(Duration.ofMillis(200));
      }
      long peakRss = 0;
      long publisherLagMs = 0;
      int perTick = RATE / 100;
      long tick = Duration.ofMillis(10).toNanos();
      long next = System.nanoTime();
      int sent = 0;
      Instant lastTime = Instant.now().truncatedTo(ChronoUnit.MICROS);
      Map<Double, Double> before = Map.of();
      int warmUpTicks = WARM_UP_SECONDS * 100;
      for (int t = 0; t < (WARM_UP_SECONDS + SECONDS) * 100; t++) {
        if (t == warmUpTicks) {
          // The JVM is warm and connections are open: measure from here on.
          before = liveLatencyBuckets(port);
          publisherLagMs = 0;
        }
        List<StateChangedEvent> chunk = new ArrayList<>(perTick);
        for (int i = 0; i < perTick; i++) {
          Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
          if (!now.isAfter(lastTime)) {
            now = lastTime.plus(1, ChronoUnit.MICROS);
          }
          lastTime = now;
          chunk.add(haShapedEvent(sent++, now, now));
        }
        publish(keys, chunk);
        // How far the publisher itself fell behind its schedule (a busy machine): the events'
        // time_fired was taken before publication, so this delay is part of the latency too.
        publisherLagMs = Math.max(publisherLagMs, (System.nanoTime() - next) / 1_000_000);
        if (t % 50 == 0) {
          peakRss = Math.max(peakRss, rssKb(service));
        }
        next += tick;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          pause(Duration.ofNanos(wait));
        }
      }
      long drainDeadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (metric(port, "ha_ingestor_enrichment_events_acknowledged_total") < sent
          && System.nanoTime() < drainDeadline) {
        pause(Duration.ofMillis(100));
      }
      Map<Double, Double> buckets = minus(liveLatencyBuckets(port), before);
      double count = buckets.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
      result.put("rate_per_second", RATE);
      result.put("seconds", SECONDS);
      result.put("events", sent);
      result.put("warm_up_seconds_not_measured", WARM_UP_SECONDS);
      result.put("p50_ms", percentileMs(buckets, count, 0.50));
      result.put("p95_ms", percentileMs(buckets, count, 0.95));
      result.put("p99_ms", percentileMs(buckets, count, 0.99));
      result.put(
          "max_ms_including_warm_up",
          round(
              metric(
                      port,
                      "ha_ingestor_pipeline_latency_seconds_max{application=\"enrichment-service\",source=\"live\"}")
                  * 1000));
      result.put("peak_rss_mb", peakRss / 1024);
      result.put("publisher_max_lag_ms", publisherLagMs);
      result.put("load_average", loadAverage());
      Map<Double, Double> writes =
          buckets(
              port, "ha_ingestor_enrichment_write_duration_seconds_bucket{", "outcome=\"success\"");
      double writeCount = writes.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
      result.put("write_requests", (long) writeCount);
      result.put("write_p50_ms", percentileMs(writes, writeCount, 0.50));
      result.put("write_p99_ms", percentileMs(writes, writeCount, 0.99));
      result.put(
          "mean_batch_size",
          round(
              metric(port, "ha_ingestor_enrichment_batch_size_sum")
                  / Math.max(1, metric(port, "ha_ingestor_enrichment_batch_size_count"))));
      result.put("note", "percentiles are upper bounds of the histogram bucket they fall in");
    }
    System.out.println("# latency: " + result);
    return result;
  }

  private static Map<String, String> environment(
      RedisKeys keys, String database, int port, int batch) {
    Map<String, String> env = new LinkedHashMap<>(ServiceJar.IMAGE_ENVIRONMENT);
    RedisServer redisServer = RealServers.redis();
    InfluxServer influx = RealServers.influx();
    env.put("REDIS_HOST", redisServer.host());
    env.put("REDIS_PORT", Integer.toString(redisServer.port()));
    if (redisServer.password() != null) {
      env.put("REDIS_PASSWORD", redisServer.password());
    }
    env.put("REDIS_KEY_PREFIX", keys.prefix());
    env.put("ENRICHMENT_CONSUMER_NAME", "bench");
    env.put("SERVER_PORT", Integer.toString(port));
    env.put("EVENT_BATCH_SIZE", Integer.toString(batch));
    env.put("ENRICHMENT_CONSUMER_MONITOR_INTERVAL", "1s");
    if (influx.v2Url().equals(influx.url())) {
      env.put("INFLUXDB_API_VERSION", "2");
      env.put("INFLUXDB_URL", influx.url());
      env.put("INFLUXDB_TOKEN", influx.token());
      env.put("INFLUXDB_ORG", influx.org());
      env.put("INFLUXDB_BUCKET", database);
    } else {
      env.put("INFLUXDB_API_VERSION", "1");
      env.put("INFLUXDB_URL", influx.url());
      env.put("INFLUXDB_DATABASE", database);
    }
    // -Dbench.env=NAME=value,NAME=value: a configuration to compare against the defaults.
    for (String setting : System.getProperty("bench.env", "").split(",")) {
      if (!setting.isBlank()) {
        env.put(
            setting.substring(0, setting.indexOf('=')),
            setting.substring(setting.indexOf('=') + 1));
      }
    }
    return env;
  }

  /** A mix like a home: temperatures, power with attributes, switches, lights. */
  private static StateChangedEvent haShapedEvent(int i, Instant lastUpdated, Instant receivedAt) {
    int entity = i % ENTITIES;
    Map<String, Object> attributes = new LinkedHashMap<>();
    String entityId;
    String state;
    switch (entity % 4) {
      case 0 -> {
        entityId = "sensor.room_" + entity + "_temperature";
        state = Double.toString(18 + (i % 70) / 10.0);
        attributes.put("state_class", "measurement");
        attributes.put("unit_of_measurement", "°C");
        attributes.put("device_class", "temperature");
        attributes.put("friendly_name", "Room " + entity + " Temperature");
      }
      case 1 -> {
        entityId = "sensor.plug_" + entity + "_power";
        state = Double.toString((i * 7) % 3600);
        attributes.put("state_class", "measurement");
        attributes.put("unit_of_measurement", "W");
        attributes.put("device_class", "power");
        attributes.put("friendly_name", "Plug " + entity + " Power");
      }
      case 2 -> {
        entityId = "binary_sensor.motion_" + entity;
        state = i % 2 == 0 ? "on" : "off";
        attributes.put("device_class", "motion");
        attributes.put("friendly_name", "Motion " + entity);
      }
      default -> {
        entityId = "light.lamp_" + entity;
        state = "on";
        attributes.put("supported_color_modes", List.of("rgb"));
        attributes.put("color_mode", "rgb");
        attributes.put("brightness", i % 255);
        attributes.put("rgb_color", List.of(i % 256, 128, 0));
        attributes.put("friendly_name", "Lamp " + entity);
        attributes.put("supported_features", 40);
      }
    }
    HaState haState = new HaState(entityId, state, attributes, lastUpdated, lastUpdated);
    return new StateChangedEvent(entityId, lastUpdated, haState, EventSource.LIVE, receivedAt);
  }

  private void publish(RedisKeys keys, List<StateChangedEvent> events) {
    byte[] stream = keys.events().getBytes(StandardCharsets.UTF_8);
    redis.executePipelined(
        (RedisCallback<Object>)
            connection -> {
              for (StateChangedEvent event : events) {
                Map<byte[], byte[]> fields = new LinkedHashMap<>();
                CODEC
                    .encode(event)
                    .forEach(
                        (k, v) ->
                            fields.put(
                                k.getBytes(StandardCharsets.UTF_8),
                                v.getBytes(StandardCharsets.UTF_8)));
                connection.streamCommands().xAdd(MapRecord.create(stream, fields));
              }
              return null;
            });
  }

  private static String scrape(int port) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static Double metricOrNull(int port, String nameWithLabels) {
    String body = scrape(port);
    for (String line : body.split("\n")) {
      if (line.startsWith(nameWithLabels + "{") || line.startsWith(nameWithLabels + " ")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return null;
  }

  private static double metric(int port, String nameWithLabels) {
    Double value = metricOrNull(port, nameWithLabels);
    return value == null ? 0 : value;
  }

  private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

  /** The live latency histogram's cumulative buckets, upper bound (s) → count. */
  private static Map<Double, Double> liveLatencyBuckets(int port) {
    return buckets(port, "ha_ingestor_pipeline_latency_seconds_bucket{", "source=\"live\"");
  }

  /** A histogram's cumulative buckets, upper bound → count, of the series with {@code label}. */
  private static Map<Double, Double> buckets(int port, String prefix, String label) {
    Map<Double, Double> buckets = new TreeMap<>();
    for (String line : scrape(port).split("\n")) {
      if (!line.startsWith(prefix) || !line.contains(label)) {
        continue;
      }
      Matcher le = LE.matcher(line);
      if (le.find()) {
        double bound =
            "+Inf".equals(le.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
        buckets.put(bound, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return buckets;
  }

  private static Map<Double, Double> minus(Map<Double, Double> after, Map<Double, Double> before) {
    Map<Double, Double> delta = new TreeMap<>();
    after.forEach((bound, count) -> delta.put(bound, count - before.getOrDefault(bound, 0.0)));
    return delta;
  }

  private static double percentileMs(Map<Double, Double> buckets, double count, double q) {
    for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
      if (bucket.getValue() >= q * count) {
        return round(bucket.getKey() * 1000);
      }
    }
    return Double.NaN;
  }

  private static long rssKb(ServiceProcess service) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + service.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  /** utime + stime of the process, from /proc/<pid>/stat (clock ticks of 1/100 s). */
  private static double cpuSeconds(ServiceProcess service) {
    try {
      String stat = Files.readString(Path.of("/proc/" + service.pid() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static double round(double value) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.2f", value));
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(Math.max(1, duration.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
