package dev.haingestor.ingestion;

import dev.haingestor.simulator.HaSimulator;
import dev.haingestor.testsupport.RealServers;
import dev.haingestor.testsupport.RedisServer;
import dev.haingestor.testsupport.process.ServiceJar;
import dev.haingestor.testsupport.redis.RespConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark, not a test (no {@code *Test}/{@code *IT} name): the service's own ceiling, socket to
 * stream, and its memory at a home-like high rate. The service runs as its own JVM (the {@code
 * -exec.jar}, so its RSS is its own), the HA simulator in this JVM, Redis from test-support.
 *
 * <pre>
 * mvn -pl ingestion-service install -DskipTests
 * java -Xms8g -Xmx8g -XX:+AlwaysPreTouch -XX:-G1UseAdaptiveIHOP \
 *     -XX:InitiatingHeapOccupancyPercent=75 \
 *     -cp "$(cat cp.txt):ingestion-service/target/test-classes" \
 *     dev.haingestor.ingestion.IngestionThroughputBenchmark [events] [jvm options...]
 * </pre>
 *
 * (The simulator's JVM gets a fixed, pre-touched heap, far above the history it keeps ({@code
 * -Dbench.history}, 800,000 events), so that neither growing the heap nor G1's concurrent marking
 * take the shared cores during the measurement: both did, for a third of a core.) After a warm-up
 * (30,000 events at 3,000/s), reports (1) the service's VmRSS (max and last) while 5,000 events/s
 * flow for 30 s; then, not measured, 10 s at {@code -Dbench.warm-up-rate} (30,000/s) with HA's
 * limits lifted, so that both JVMs' JIT has compiled for the steps' load; (2) rate steps of 10 s
 * each ({@code -Dbench.steps}), each starting on a quiet machine, each sustained when HA's
 * slow-client limit never cut the reader off: the highest sustained step is the service's ceiling
 * on this machine. The simulator fires a step's events just before it ({@link HaSimulator#hold})
 * and in the step only sends them, so that generating them (as much CPU as the service's own work)
 * does not take the shared cores in the measured window; (3) an overload: with HA's limits lifted,
 * the simulator first queues {@code events} events at its maximum rate, then the rate at which the
 * service takes the queued ones from the socket to the stream, with the simulator doing nothing but
 * write frames. The reader outruns the publisher there, so the service's buffer overflows, and the
 * rate includes the backfill of what it dropped.
 */
public final class IngestionThroughputBenchmark {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final int[] STEP_RATES =
      java.util.Arrays.stream(
              System.getProperty("bench.steps", "20000,30000,35000,40000,45000,50000,55000,60000")
                  .split(","))
          .mapToInt(Integer::parseInt)
          .toArray();
  private static final int STEP_SECONDS = 10;
  private static final int WARM_UP_RATE = Integer.getInteger("bench.warm-up-rate", 30_000);
  private static final int WARM_UP_SECONDS = 10;
  private static final int RECONNECT_EVENTS = 1_000;
  private static final Duration QUIET_LIMIT = Duration.ofSeconds(10);
  private static final Duration QUIET_SAMPLE = Duration.ofMillis(100);
  private static final int QUIET_SAMPLES = 5;
  private static final int QUIET_BUSY_PERCENT = 10;

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
    List<String> jvmOptions =
        args.length > 1 ? List.of(args).subList(1, args.length) : ServiceJar.IMAGE_JVM_OPTIONS;
    Path jar = execJar();
    RedisServer redis = RealServers.redis();
    String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    try (HaSimulator ha =
            HaSimulator.builder()
                .seed(1)
                .entityCount(200)
                // Enough for any backfill window of a run; the census counts without it.
                .historyCapacity(Integer.getInteger("bench.history", 800_000))
                .start();
        RespConnection resp =
            RespConnection.open(redis.host(), redis.port(), Duration.ofSeconds(5))) {
      Process service = startService(jar, jvmOptions, ha, redis, prefix);
      try {
        awaitSubscribed(ha);
        String stream = prefix + "events";

        // (0) Warm-up: the JIT compiles the hot path (a cold JVM reads ~5x slower).
        ha.emit(30_000, 3_000);
        awaitLength(resp, stream, fired(ha));

        // (1) RSS at 5,000 events/s for 30 s.
        long redisPid = redisPid(resp);
        Cpu cpu = Cpu.of(service.pid(), redisPid, fired(ha));
        CompletableFuture<Void> steady = ha.emitAsync(150_000, 5_000);
        List<Long> samples = new ArrayList<>();
        while (!steady.isDone()) {
          samples.add(rssKb(service.pid()));
          try {
            steady.get(1, TimeUnit.SECONDS);
          } catch (java.util.concurrent.TimeoutException stillRunning) {
            // sample again
          }
        }
        awaitLength(resp, stream, fired(ha));
        long maxKb = samples.stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.printf(
            "rss at 5000 events/s (30 s): max %d MB, end %d MB, %s, jvm options %s%n",
            maxKb / 1024, rssKb(service.pid()) / 1024, cpu.since(fired(ha)), jvmOptions);

        // (1b) Warm-up at a high rate, not measured: the JIT of both JVMs compiles for the
        // steps' load. Without it the first high step ran the service at a full core for its
        // first second (C2 busy in both JVMs) and HA's queue filled in a step that later runs
        // sustained. On a connection with HA's limits lifted, so that the warm-up cannot end in
        // a cut-off and a backfill; then a new connection with HA's own limits for the steps.
        warmUpAtRate(ha, resp, stream, WARM_UP_RATE, WARM_UP_RATE * WARM_UP_SECONDS);

        // (2) Sustained rates: each step's events at a fixed offer; a step is sustained when
        // HA's slow-client limit never cut the connection and the stream kept up with the offer.
        // The simulator shares the two cores, so it fires each step's events before the step
        // (held, see HaSimulator.hold) and during the step only sends them: generating them
        // took as much CPU as the service's own work at 30,000/s.
        int sustainedRate = 0;
        double sustainedPerSecond = 0;
        int cutOffRate = 0;
        for (int rate : STEP_RATES) {
          int stepEvents = ha.hold(rate * STEP_SECONDS);
          // Moves the held events out of the young generation now rather than in the step.
          System.gc();
          awaitQuietMachine();
          long cutsBefore = subscriptions(ha);
          Cpu stepCpu = Cpu.of(service.pid(), redisPid, fired(ha) - stepEvents);
          long stepBegin = System.nanoTime();
          ha.release(rate);
          try {
            awaitLength(resp, stream, fired(ha));
          } catch (IllegalStateException shortfall) {
            reportMissing(ha, resp, stream);
            throw shortfall;
          }
          double stepSeconds = (System.nanoTime() - stepBegin) / 1e9;
          long cuts = subscriptions(ha) - cutsBefore;
          System.out.printf(
              "step %d events/s offered: %d events in %.2f s = %.0f events/s socket->stream,"
                  + " HA cut-offs %d, rss %d MB, %s%n",
              rate,
              stepEvents,
              stepSeconds,
              stepEvents / stepSeconds,
              cuts,
              rssKb(service.pid()) / 1024,
              stepCpu.since(fired(ha)));
          if (cuts > 0) {
            cutOffRate = rate;
            break; // all arrived (backfill after the reconnect): higher rates only cut more
          }
          sustainedRate = rate;
          sustainedPerSecond = stepEvents / stepSeconds;
        }
        System.out.println(ceiling(sustainedRate, sustainedPerSecond, cutOffRate));

        // (3) An overload, measured on the service alone. The simulator shares the two cores,
        // so its work is kept out of the measured window: with HA's slow-client limits lifted (on
        // a new connection), it fires every event at its maximum rate into the connection's
        // queue, and the window starts when it has finished. From then on it only writes queued
        // frames (coalesced, at most HA's 4,096 messages each) and the service reads, parses and
        // XADDs.
        liftHaLimits(ha);
        long subscribed = subscriptions(ha);
        ha.disconnectAll();
        awaitSubscriptions(ha, subscribed + 1);
        awaitLength(resp, stream, fired(ha));
        Cpu phaseCpu = Cpu.of(service.pid(), redisPid, fired(ha));
        long generationBegin = System.nanoTime();
        long before = length(resp, stream);
        ha.emit(events, 1_000_000);
        long begin = System.nanoTime();
        long atBegin = length(resp, stream);
        long total = fired(ha);
        Cpu windowCpu = Cpu.of(service.pid(), redisPid, atBegin);
        System.out.printf("overload window: %d events queued%n", total - atBegin);
        long streamLength = awaitLength(resp, stream, total);
        double seconds = (System.nanoTime() - begin) / 1e9;
        long drained = total - atBegin;
        long reconnects = subscriptions(ha) - subscribed - 1;
        System.out.printf(
            "overload: %d events fired in %.2f s (the service XADDed %d meanwhile); then %d queued"
                + " events socket->stream in %.2f s = %.0f events/s (stream length %d, HA"
                + " reconnects %d, rss %d MB, window %s; whole phase %s)%n",
            total - before,
            (begin - generationBegin) / 1e9,
            atBegin - before,
            drained,
            seconds,
            drained / seconds,
            streamLength,
            reconnects,
            rssKb(service.pid()) / 1024,
            windowCpu.since(streamLength),
            phaseCpu.since(streamLength));
      } finally {
        service.destroy();
        service.waitFor(20, TimeUnit.SECONDS);
        service.destroyForcibly();
      }
    }
    System.exit(0);
  }

  private static Process startService(
      Path jar, List<String> jvmOptions, HaSimulator ha, RedisServer redis, String prefix)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    Map<String, String> env = builder.environment();
    env.putAll(ServiceJar.IMAGE_ENVIRONMENT);
    env.put("HA_URL", "http://127.0.0.1:" + ha.port());
    env.put("HA_TOKEN", ha.token());
    env.put("REDIS_HOST", redis.host());
    env.put("REDIS_PORT", Integer.toString(redis.port()));
    if (redis.password() != null) {
      env.put("REDIS_PASSWORD", redis.password());
    }
    env.put("REDIS_KEY_PREFIX", prefix);
    env.put("STREAM_MAX_LENGTH", "5000000"); // keep every entry for the census below
    env.put("SERVER_PORT", "0");
    env.put("LOGGING_LEVEL_ROOT", "WARN");
    return builder.start();
  }

  private static void warmUpAtRate(
      HaSimulator ha, RespConnection resp, String stream, int rate, int count)
      throws IOException, InterruptedException {
    liftHaLimits(ha);
    reconnect(ha, resp, stream);
    ha.hold(count);
    System.gc();
    awaitQuietMachine();
    long begin = System.nanoTime();
    ha.release(rate);
    awaitLength(resp, stream, fired(ha));
    System.out.printf(
        "warm-up (not measured, HA's limits lifted): %d events at %d/s offered in %.2f s%n",
        count, rate, (System.nanoTime() - begin) / 1e9);
    ha.haSlowClientLimits();
    reconnect(ha, resp, stream);
  }

  /**
   * Waits until both cores are mostly idle for a while (at most {@link #QUIET_LIMIT}): holding a
   * step's events and the collection after it keep this JVM's collector and JIT busy for a moment
   * after, and a step that starts then measures them (HA's queue filled on a socket that never
   * backed up: the simulator's own writer had not been scheduled for 90 ms).
   */
  private static void awaitQuietMachine() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + QUIET_LIMIT.toNanos();
    long[] before = machineTicks();
    int quietSamples = 0;
    while (quietSamples < QUIET_SAMPLES && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(QUIET_SAMPLE.toMillis());
      long[] now = machineTicks();
      long total = now[0] - before[0];
      long busy = total - (now[1] - before[1]);
      quietSamples = total > 0 && busy * 100 <= total * QUIET_BUSY_PERCENT ? quietSamples + 1 : 0;
      before = now;
    }
  }

  /** All and idle (idle + iowait) clock ticks of the machine, from /proc/stat. */
  private static long[] machineTicks() throws IOException {
    String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < cpu.length; i++) {
      total += Long.parseLong(cpu[i]);
    }
    return new long[] {total, Long.parseLong(cpu[4]) + Long.parseLong(cpu[5])};
  }

  /**
   * Drops the service's connection, waits until it has subscribed again, and sends a few live
   * events. The first of them ends the window the service backfills after the reconnect; without
   * them the window would end only after {@code BACKFILL_FIRST_EVENT_WAIT}, by when the next {@link
   * HaSimulator#hold} may have recorded a whole step's events in HA's history, which the service
   * would then backfill while the step sends them live.
   */
  private static void reconnect(HaSimulator ha, RespConnection resp, String stream)
      throws InterruptedException {
    long subscribed = subscriptions(ha);
    ha.disconnectAll();
    awaitSubscriptions(ha, subscribed + 1);
    ha.emit(RECONNECT_EVENTS, RECONNECT_EVENTS);
    awaitLength(resp, stream, fired(ha));
  }

  private static void awaitSubscriptions(HaSimulator ha, long count) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (subscriptions(ha) < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the service did not subscribe again");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private static void awaitSubscribed(HaSimulator ha) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (ha.subscriptionCount() < 1) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the service did not subscribe");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /**
   * Events the simulator fired so far: {@code emit(n)} fires fewer than n when a generated update
   * changes nothing (HA fires no {@code state_changed} then).
   */
  private static long fired(HaSimulator ha) {
    return ha.firedCount();
  }

  /** Subscriptions the simulator has seen: one per connection, so more means HA cut it. */
  private static long subscriptions(HaSimulator ha) {
    return ha.receivedMessages().stream().filter(m -> m.contains("subscribe_events")).count();
  }

  private static long awaitLength(RespConnection resp, String stream, long expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    long length;
    while ((length = length(resp, stream)) < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("stream has " + length + " of " + expected + " events");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return length;
  }

  /** Prints every emitted event whose identity (entity, time_fired) is not in the stream. */
  private static void reportMissing(HaSimulator ha, RespConnection resp, String stream) {
    java.util.Set<String> inStream = new java.util.HashSet<>();
    String start = "-";
    while (true) {
      List<?> page = (List<?>) resp.command("XRANGE", stream, start, "+", "COUNT", "10000");
      if (page.isEmpty()) {
        break;
      }
      for (Object item : page) {
        List<?> entry = (List<?>) item;
        List<?> fields = (List<?>) entry.get(1);
        String entity = null;
        String fired = null;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
          String name = String.valueOf(fields.get(i));
          if (name.equals(dev.haingestor.common.stream.StreamFields.ENTITY_ID)) {
            entity = String.valueOf(fields.get(i + 1));
          } else if (name.equals(dev.haingestor.common.stream.StreamFields.TIME_FIRED)) {
            fired = String.valueOf(fields.get(i + 1));
          }
        }
        inStream.add(
            entity + "@" + dev.haingestor.common.event.HaTimestamps.parse(fired).toString());
        start = "(" + entry.get(0);
      }
    }
    List<String> missing = new ArrayList<>();
    for (var event : ha.emitted()) {
      String identity = event.entityId() + "@" + event.timeFired();
      if (!inStream.contains(identity)) {
        missing.add(identity);
      }
    }
    System.out.printf(
        "census: %d distinct identities in the stream, %d emitted, %d missing: %s%n",
        inStream.size(),
        ha.emitted().size(),
        missing.size(),
        missing.subList(0, Math.min(20, missing.size())));
  }

  /** Entries ever added (XINFO STREAM's entries-added): XLEN stops at the retention's MAXLEN. */
  private static long length(RespConnection resp, String stream) {
    if (((Number) resp.command("EXISTS", stream)).longValue() == 0) {
      return 0;
    }
    List<?> info = (List<?>) resp.command("XINFO", "STREAM", stream);
    for (int i = 0; i + 1 < info.size(); i += 2) {
      if ("entries-added".equals(String.valueOf(info.get(i)))) {
        return ((Number) info.get(i + 1)).longValue();
      }
    }
    throw new IllegalStateException("XINFO STREAM without entries-added (Redis 7 or later)");
  }

  /** HA's slow-client limits lifted, for connections opened from now on. */
  private static void liftHaLimits(HaSimulator ha) {
    ha.slowClientLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ofDays(1));
  }

  /**
   * The service's ceiling as the steps found it: the highest offer sustained with no HA cut-off.
   * The simulator's cut-off line in the log tells a backed-up socket (the service's reader behind)
   * from a writable one, which is the simulator's own lag only if the socket had not just backed up
   * (e.g. during one of the service's collections).
   */
  private static String ceiling(int sustainedRate, double sustainedPerSecond, int cutOffRate) {
    if (sustainedRate == 0) {
      return "ceiling: below the first step: HA cut the reader off at " + cutOffRate + " events/s";
    }
    return String.format(
        "ceiling: %d events/s offered sustained with no HA cut-off (%.0f events/s socket->stream)%s",
        sustainedRate,
        sustainedPerSecond,
        cutOffRate == 0
            ? "; no step was cut off, so it is at least that"
            : "; HA cut the reader off at " + cutOffRate + " events/s");
  }

  /** The Redis server's pid, to read its CPU time: local servers only (0 in a container). */
  private static long redisPid(RespConnection resp) {
    String info = String.valueOf(resp.command("INFO", "server"));
    java.util.regex.Matcher pid =
        java.util.regex.Pattern.compile("process_id:(\\d+)").matcher(info);
    long found = pid.find() ? Long.parseLong(pid.group(1)) : 0;
    return Files.exists(Path.of("/proc", Long.toString(found), "stat")) ? found : 0;
  }

  /**
   * CPU time (user + system) of the service, Redis and this JVM (the simulator) from a start, per
   * event fired since.
   */
  private record Cpu(
      long servicePid, long redisPid, long events, double service, double redis, double simulator) {

    private static final long SIMULATOR_PID = ProcessHandle.current().pid();

    static Cpu of(long servicePid, long redisPid, long events) throws IOException {
      return new Cpu(
          servicePid,
          redisPid,
          events,
          cpuSeconds(servicePid),
          cpuSeconds(redisPid),
          cpuSeconds(SIMULATOR_PID));
    }

    String since(long eventsNow) throws IOException {
      long n = Math.max(1, eventsNow - events);
      return String.format(
          java.util.Locale.ROOT,
          "CPU per event: service %.1f µs, redis %.1f µs, simulator %.1f µs",
          (cpuSeconds(servicePid) - service) * 1e6 / n,
          (cpuSeconds(redisPid) - redis) * 1e6 / n,
          (cpuSeconds(SIMULATOR_PID) - simulator) * 1e6 / n);
    }

    /** utime + stime of /proc/pid/stat, in seconds (clock ticks of 10 ms); 0 for pid 0. */
    private static double cpuSeconds(long pid) throws IOException {
      if (pid == 0) {
        return 0;
      }
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static Path execJar() throws IOException {
    try (var files = Files.list(Path.of("ingestion-service", "target"))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
          .findFirst()
          .or(() -> findIn(Path.of("target")))
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "build the -exec.jar first: mvn -pl ingestion-service install"));
    } catch (java.nio.file.NoSuchFileException e) {
      return findIn(Path.of("target")).orElseThrow();
    }
  }

  private static java.util.Optional<Path> findIn(Path dir) {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private IngestionThroughputBenchmark() {}
}
