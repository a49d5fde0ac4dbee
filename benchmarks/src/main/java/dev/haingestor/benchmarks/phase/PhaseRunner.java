package dev.haingestor.benchmarks.phase;

import dev.haingestor.benchmarks.measure.LatencyHistogram;
import dev.haingestor.benchmarks.measure.ProcessUsage;
import dev.haingestor.benchmarks.measure.PrometheusText;
import dev.haingestor.benchmarks.measure.RedisProbe;
import dev.haingestor.benchmarks.measure.RedisProbe.Progress;
import dev.haingestor.benchmarks.measure.RedisProbe.StreamId;
import dev.haingestor.benchmarks.measure.ServiceScraper;
import dev.haingestor.benchmarks.measure.UsageRecorder;
import dev.haingestor.benchmarks.stack.PipelineStack;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.simulator.LiveBurst;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drives the running pipeline through one phase at a time and measures it. Progress is read from
 * Redis' own stream counters (cheap, every 100 ms); latency from the services' histograms, scraped
 * once before and once after a phase; loss by counting points in InfluxDB.
 *
 * <p>Waiting never fails a phase for being slow: it ends when every event is acknowledged, or when
 * nothing has moved for {@code stallTimeout} — then the census decides, and only a missing point
 * counts as a failure.
 */
public final class PhaseRunner {

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration BURST_POLL = Duration.ofMillis(10);

  /** The ingestion service reconnects after its back-off (1 s at first) and subscribes. */
  private static final Duration RESUBSCRIBE_WAIT = Duration.ofSeconds(30);

  private static final Duration USAGE_SAMPLING = Duration.ofMillis(500);
  private static final Duration RECENSUS_PAUSE = Duration.ofSeconds(2);
  private static final Duration HARD_LIMIT = Duration.ofMinutes(10);

  /** Events of the soak kept for a second census; beyond this the pipeline is not keeping up. */
  private static final int MAX_RETAINED = 500_000;

  private static final String LATENCY = prometheus(MetricNames.PIPELINE_LATENCY) + "_seconds";
  private static final String INGESTION_LAG = prometheus(MetricNames.INGESTION_LAG) + "_seconds";
  private static final String INFLUX_WRITE =
      prometheus(MetricNames.ENRICHMENT_WRITE_DURATION) + "_seconds";
  private static final String RECONNECTS = prometheus(MetricNames.INGESTION_RECONNECTS) + "_total";
  private static final String DROPPED = prometheus(MetricNames.INGESTION_EVENTS_DROPPED) + "_total";
  private static final Map<String, String> LIVE = Map.of("source", "live");
  private static final Map<String, String> SUCCESSFUL_WRITE = Map.of("outcome", "success");

  private final PipelineStack stack;
  private final RedisProbe redis;
  private final ServiceScraper scraper = new ServiceScraper();
  private final PointCensus census;
  private final Duration stallTimeout;
  private final PrintStream log;
  private final String stream;

  public PhaseRunner(
      PipelineStack stack, RedisProbe redis, Duration stallTimeout, PrintStream log) {
    this.stack = stack;
    this.redis = redis;
    this.census = new PointCensus(stack.influx().influxQl(), stack.database());
    this.stallTimeout = stallTimeout;
    this.log = log;
    this.stream = stack.keys().events();
  }

  /** Fires {@code count} events at {@code rate} and follows them to InfluxDB. */
  public PhaseResult run(String name, double rate, int count) {
    log.printf("[benchmark] %s: %,d events at %,.0f/s%n", name, count, rate);
    Scrapes before = scrapes();
    Progress base = progress();
    UsageRecorder usage = UsageRecorder.start(stack.processes(), USAGE_SAMPLING);
    Instant start = Instant.now();
    CompletableFuture<Void> emission = stack.simulator().emitAsync(count, rate);

    List<EmittedEvent> events = null;
    Instant publishedAt = null;
    Instant acknowledgedAt = null;
    Progress last = base;
    long lastMove = System.nanoTime();
    long hardDeadline = System.nanoTime() + emitTime(count, rate).plus(HARD_LIMIT).toNanos();
    while (System.nanoTime() < hardDeadline) {
      Progress now = progress();
      if (!now.equals(last)) {
        last = now;
        lastMove = System.nanoTime();
      }
      if (events == null && emission.isDone()) {
        join(emission);
        events = emittedSince(start);
      }
      if (events != null) {
        if (publishedAt == null && now.added() - base.added() >= events.size()) {
          publishedAt = Instant.now();
        }
        if (now.acknowledged() - base.acknowledged() >= events.size()) {
          acknowledgedAt = Instant.now();
          break;
        }
        if (System.nanoTime() - lastMove > stallTimeout.toNanos()) {
          log.printf(
              "[benchmark] %s: no progress for %s, counting what arrived%n", name, stallTimeout);
          break;
        }
      }
      pause(POLL);
    }
    if (events == null) {
      emission.cancel(false);
      events = emittedSince(start);
    }
    Map<String, UsageRecorder.Usage> processes = usage.stop();
    Scrapes after = scrapes();
    Delivery delivery = verify(name, events);
    PhaseResult result =
        new PhaseResult(
            name,
            rate,
            events.size(),
            throughput(events, publishedAt, acknowledgedAt),
            delivery,
            Latency.of(LatencyHistogram.between(before.latency(), after.latency())),
            after.ingestionLag().isEmpty()
                ? null
                : Latency.of(LatencyHistogram.between(before.ingestionLag(), after.ingestionLag())),
            after.influxWrite().isEmpty()
                ? null
                : Latency.of(LatencyHistogram.between(before.influxWrite(), after.influxWrite())),
            processes,
            redis.memory(),
            Math.round(after.reconnects() - before.reconnects()),
            Math.round(after.dropped() - before.dropped()));
    log.printf(
        "[benchmark] %s: %s, end-to-end %s/s, p99 %s ms%n",
        name,
        delivery.zeroLoss() ? "zero loss" : delivery.missing() + " LOST",
        result.throughput().endToEndPerSecond() == null
            ? "-"
            : String.format("%,.0f", result.throughput().endToEndPerSecond()),
        result.latency().p99Ms());
    return result;
  }

  /**
   * InfluxDB is unreachable (connections refused) for {@code outage} while events arrive at {@code
   * rate}; then it is back, live events continue at the same rate, and the backlog drains (at most
   * {@code maxDrain}).
   */
  public RecoveryResult recovery(double rate, Duration outage, Duration maxDrain) {
    log.printf(
        "[benchmark] recovery: InfluxDB down for %ss at %,.0f events/s%n",
        outage.toSeconds(), rate);
    Progress base = progress();
    UsageRecorder usage = UsageRecorder.start(stack.processes(), USAGE_SAMPLING);
    Instant start = Instant.now();
    int outageEvents = (int) Math.round(rate * outage.toMillis() / 1000.0);

    stack.influxWrites().refuse();
    Progress atEnd;
    try {
      stack.simulator().emit(outageEvents, rate);
      atEnd = awaitAdded(base, outageEvents, Duration.ofSeconds(30));
    } finally {
      stack.influxWrites().forward();
    }
    long outageEnd = System.nanoTime();
    StreamId backlogLast = atEnd.lastGenerated();
    long backlog = (atEnd.added() - base.added()) - (atEnd.acknowledged() - base.acknowledged());
    int liveEvents = (int) Math.round(rate * maxDrain.toSeconds());
    CompletableFuture<Void> live = stack.simulator().emitAsync(liveEvents, rate);

    Long firstWrite = null;
    Long drainedAt = null;
    long acknowledgedWhenDrained = 0;
    long drainDeadline = outageEnd + maxDrain.toNanos();
    while (System.nanoTime() < drainDeadline) {
      Progress now = progress();
      if (firstWrite == null && now.acknowledged() > atEnd.acknowledged()) {
        firstWrite = System.nanoTime();
      }
      StreamId oldestPending = redis.oldestPending(stream, RedisKeys.ENRICHMENT_GROUP);
      boolean backlogDelivered = now.lastDelivered().compareTo(backlogLast) >= 0;
      boolean backlogAcknowledged =
          oldestPending == null || oldestPending.compareTo(backlogLast) > 0;
      if (backlogDelivered && backlogAcknowledged) {
        drainedAt = System.nanoTime();
        acknowledgedWhenDrained = now.acknowledged();
        break;
      }
      pause(POLL);
    }
    live.cancel(false);
    pause(Duration.ofMillis(200)); // a tick in flight on the emitter thread
    List<EmittedEvent> events = emittedSince(start);
    awaitAcknowledged(base, events.size());
    Map<String, UsageRecorder.Usage> processes = usage.stop();
    Delivery delivery = verify("recovery", events);

    Double timeToFirstWrite = firstWrite == null ? null : seconds(firstWrite - outageEnd);
    Double drainSeconds = drainedAt == null ? null : seconds(drainedAt - outageEnd);
    Double drainRate = null;
    if (drainedAt != null && firstWrite != null) {
      // At least one poll interval: a small backlog can drain between two polls.
      double window = Math.max(POLL.toMillis() / 1000.0, seconds(drainedAt - firstWrite));
      drainRate = round((acknowledgedWhenDrained - atEnd.acknowledged()) / window);
    }
    RecoveryResult result =
        new RecoveryResult(
            rate,
            outage.toMillis() / 1000.0,
            backlog,
            timeToFirstWrite,
            drainSeconds,
            drainRate,
            drainRate == null ? null : round(drainRate / rate),
            drainedAt != null,
            events.size(),
            delivery,
            processes,
            redis.memory());
    log.printf(
        "[benchmark] recovery: backlog %,d, first write after %ss, drained after %ss at %s/s, %s%n",
        backlog,
        timeToFirstWrite,
        drainSeconds,
        drainRate,
        delivery.zeroLoss() ? "zero loss" : delivery.missing() + " LOST");
    return result;
  }

  /**
   * An HA restart whose start burst reaches the ingestion service live: the simulator drops the
   * socket, comes back reporting {@code STARTING}, waits until the service has subscribed again and
   * fires every entity's placeholder and real state at its own pace, with HA's slow-client limits
   * in force. Progress is sampled every 10 ms while the burst is under way, so that the times to
   * the last XADD and the last acknowledgement are found to within that.
   */
  public RestartBurstResult restartBurst(int entities) {
    log.printf(
        "[benchmark] restart_burst: HA restart with a live start burst of %,d entities%n",
        entities);
    Scrapes before = scrapes();
    Progress base = progress();
    UsageRecorder usage = UsageRecorder.start(stack.processes(), USAGE_SAMPLING);
    CompletableFuture<LiveBurst> restart =
        CompletableFuture.supplyAsync(
            () -> stack.simulator().restartWithLiveBurst(RESUBSCRIBE_WAIT), burstThread());

    List<Sample> samples = new ArrayList<>();
    Progress last = base;
    samples.add(new Sample(Instant.now(), base));
    LiveBurst burst = null;
    long lastMove = System.nanoTime();
    long hardDeadline = System.nanoTime() + HARD_LIMIT.toNanos();
    while (System.nanoTime() < hardDeadline) {
      Progress now = progress();
      if (!now.equals(last)) {
        samples.add(new Sample(Instant.now(), now));
        last = now;
        lastMove = System.nanoTime();
      }
      if (burst == null && restart.isDone()) {
        burst = restart.join();
        lastMove = System.nanoTime(); // the restart's own wait is not a stall
      }
      if (burst != null) {
        if (now.acknowledged() - base.acknowledged() >= burst.events().size()) {
          break;
        }
        if (System.nanoTime() - lastMove > stallTimeout.toNanos()) {
          log.printf(
              "[benchmark] restart_burst: no progress for %s, counting what arrived%n",
              stallTimeout);
          break;
        }
      }
      pause(BURST_POLL);
    }
    if (burst == null) {
      throw new IllegalStateException(
          "the simulator's restart did not finish within " + HARD_LIMIT);
    }
    Map<String, UsageRecorder.Usage> processes = usage.stop();
    Scrapes after = scrapes();
    List<EmittedEvent> events = burst.events();
    Delivery delivery = verify("restart_burst", events);

    Double toLastXadd = null;
    Double toLastAcknowledged = null;
    if (!events.isEmpty()) {
      Instant first = events.get(0).timeFired();
      int n = events.size();
      for (Sample sample : samples) {
        if (toLastXadd == null && sample.progress().added() - base.added() >= n) {
          toLastXadd = round3(secondsBetween(first, sample.at()));
        }
        if (toLastAcknowledged == null
            && sample.progress().acknowledged() - base.acknowledged() >= n) {
          toLastAcknowledged = round3(secondsBetween(first, sample.at()));
        }
      }
    }
    int placeholders =
        (int)
            events.stream()
                .filter(e -> Boolean.TRUE.equals(e.newState().attributes().get("restored")))
                .count();
    RestartBurstResult result =
        new RestartBurstResult(
            entities,
            events.size(),
            placeholders,
            burst.subscribers(),
            round3(burst.resubscribeTime().toNanos() / 1e9),
            round3(burst.handOverTime().toNanos() / 1e9),
            toLastXadd,
            toLastAcknowledged,
            burst.slowClientCutOffs(),
            Math.round(after.reconnects() - before.reconnects()),
            Math.round(after.dropped() - before.dropped()),
            Latency.of(LatencyHistogram.between(before.latency(), after.latency())),
            delivery,
            processes,
            redis.memory());
    log.printf(
        "[benchmark] restart_burst: %,d events to %d subscriber(s), %d slow-client cut-off(s),"
            + " last XADD after %s s, last acknowledged after %s s, %s%n",
        result.events(),
        result.subscribers(),
        result.slowClientCutOffs(),
        toLastXadd,
        toLastAcknowledged,
        delivery.zeroLoss() ? "zero loss" : delivery.missing() + " LOST");
    return result;
  }

  private record Sample(Instant at, Progress progress) {}

  /** The restart blocks until the burst is handed over: off the polling thread. */
  private static Executor burstThread() {
    return task -> {
      Thread thread = new Thread(task, "benchmark-ha-restart");
      thread.setDaemon(true);
      thread.start();
    };
  }

  /**
   * Offers {@code rate} events per second for {@code duration}, sampling every service's RSS every
   * 10 s for its trend. Loss is counted window by window (one minute each, censused once it is 30 s
   * old), so that the simulator need not keep the whole soak in memory.
   */
  public SoakResult soak(double rate, Duration duration) {
    log.printf("[benchmark] soak: %,.0f events/s for %s min%n", rate, duration.toSeconds() / 60.0);
    Duration window = Duration.ofMinutes(1);
    Duration settle = Duration.ofSeconds(30);
    Progress base = progress();
    Map<String, Long> services = new LinkedHashMap<>();
    services.put("ingestion", stack.ingestion().pid());
    services.put("enrichment", stack.enrichment().pid());
    services.put("admin", stack.admin().pid());
    Map<String, List<double[]>> samples = new LinkedHashMap<>();
    services.keySet().forEach(name -> samples.put(name, new ArrayList<>()));

    Duration length = duration;
    Instant start = Instant.now();
    CompletableFuture<Void> emission =
        stack.simulator().emitAsync((int) Math.round(rate * duration.toMillis() / 1000.0), rate);
    List<List<EmittedEvent>> retry = new ArrayList<>();
    int expected = 0;
    int found = 0;
    int unexpected = 0;
    int removals = 0;
    int retained = 0;
    Instant nextWindow = start;
    long nextSample = System.nanoTime();
    long end = System.nanoTime() + length.toNanos();
    while (System.nanoTime() < end || nextWindow.isBefore(start.plus(length))) {
      if (System.nanoTime() >= nextSample) {
        double minute = Duration.between(start, Instant.now()).toMillis() / 60_000.0;
        services.forEach(
            (name, pid) ->
                ProcessUsage.read(pid)
                    .ifPresent(
                        s ->
                            samples
                                .get(name)
                                .add(new double[] {minute, s.rssBytes() / 1024.0 / 1024.0})));
        nextSample += Duration.ofSeconds(10).toNanos();
      }
      Instant windowEnd = nextWindow.plus(window);
      if (!Instant.now().isBefore(windowEnd.plus(settle))
          && nextWindow.isBefore(start.plus(length))) {
        List<EmittedEvent> events = emittedBetween(nextWindow, windowEnd);
        PointCensus.Result result = census.count(events);
        // Counted now; the events without their point (late, or lost) once more at the end.
        expected += result.expected() - result.missing().size();
        found += result.found();
        unexpected += result.unexpected();
        removals += result.removals();
        retry.add(result.missing());
        retained += result.missing().size();
        nextWindow = windowEnd;
        if (retained > MAX_RETAINED && !emission.isDone()) {
          log.printf(
              "[benchmark] soak: %,d events still without their point — the pipeline does not"
                  + " keep up with %,.0f/s; ending the soak early%n",
              retained, rate);
          emission.cancel(false);
          length = Duration.between(start, windowEnd);
          end = System.nanoTime();
        }
      }
      pause(Duration.ofMillis(500));
    }
    awaitEmission(emission, Duration.ofMinutes(2));
    pause(Duration.ofSeconds(1)); // the last frames on their way to Redis
    awaitAcknowledged(base, progress().added() - base.added());
    // Events the simulator fired late, after the last window (it fell behind the offer).
    retry.add(emittedBetween(start.plus(length), Instant.MAX));
    List<String> missingSample = new ArrayList<>();
    for (List<EmittedEvent> events : retry) {
      PointCensus.Result result = census.count(events);
      expected += result.expected();
      found += result.found();
      unexpected += result.unexpected();
      removals += result.removals();
      missingSample.addAll(result.missingSample());
    }
    Delivery delivery =
        new Delivery(
            expected,
            found,
            expected - found,
            unexpected,
            removals,
            expected == found,
            missingSample.stream().limit(5).toList());

    Map<String, SoakResult.Trend> trends = new LinkedHashMap<>();
    boolean flat = true;
    for (Map.Entry<String, List<double[]>> entry : samples.entrySet()) {
      List<double[]> points = entry.getValue();
      if (points.size() < 4) {
        continue;
      }
      List<double[]> secondHalf = points.subList(points.size() / 2, points.size());
      double slope = slope(secondHalf);
      double peak = points.stream().mapToDouble(p -> p[1]).max().orElse(0);
      trends.put(
          entry.getKey(),
          new SoakResult.Trend(
              round(secondHalf.get(0)[1]),
              round(points.get(points.size() - 1)[1]),
              round(peak),
              Math.round(slope * 100) / 100.0));
      flat &= slope < SoakResult.FLAT_MB_PER_MINUTE;
    }
    log.printf(
        "[benchmark] soak: %s, trends %s%n",
        delivery.zeroLoss() ? "zero loss" : delivery.missing() + " LOST", trends);
    return new SoakResult(
        round(length.toMillis() / 60_000.0), rate, expected + removals, trends, flat, delivery);
  }

  /** Least-squares slope of y over x. */
  static double slope(List<double[]> points) {
    double n = points.size();
    double sx = 0;
    double sy = 0;
    double sxy = 0;
    double sxx = 0;
    for (double[] p : points) {
      sx += p[0];
      sy += p[1];
      sxy += p[0] * p[1];
      sxx += p[0] * p[0];
    }
    double denominator = n * sxx - sx * sx;
    return denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator;
  }

  /** The census, repeated while the pipeline still moves (a late batch is not a lost one). */
  private Delivery verify(String name, List<EmittedEvent> events) {
    PointCensus.Result result = census.count(events);
    Progress last = progress();
    long lastMove = System.nanoTime();
    while (!result.zeroLoss() && System.nanoTime() - lastMove < stallTimeout.toNanos()) {
      log.printf(
          "[benchmark] %s: %,d of %,d points so far; waiting while the pipeline moves%n",
          name, result.found(), result.expected());
      pause(RECENSUS_PAUSE);
      Progress now = progress();
      if (!now.equals(last)) {
        last = now;
        lastMove = System.nanoTime();
      }
      result = census.count(events);
    }
    return Delivery.of(result);
  }

  private Progress awaitAdded(Progress base, long count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Progress now = progress();
    while (now.added() - base.added() < count && System.nanoTime() < deadline) {
      pause(POLL);
      now = progress();
    }
    return now;
  }

  private void awaitAcknowledged(Progress base, long count) {
    Progress last = progress();
    long lastMove = System.nanoTime();
    long hardDeadline = System.nanoTime() + HARD_LIMIT.toNanos();
    while (last.acknowledged() - base.acknowledged() < count
        && System.nanoTime() - lastMove < stallTimeout.toNanos()
        && System.nanoTime() < hardDeadline) {
      pause(POLL);
      Progress now = progress();
      if (!now.equals(last)) {
        last = now;
        lastMove = System.nanoTime();
      }
    }
  }

  private static Throughput throughput(
      List<EmittedEvent> events, Instant publishedAt, Instant acknowledgedAt) {
    if (events.isEmpty()) {
      return new Throughput(0, 0, null, null, null);
    }
    Instant first = events.get(0).timeFired();
    Instant last = events.get(events.size() - 1).timeFired();
    double emitSeconds = Math.max(1e-3, Duration.between(first, last).toNanos() / 1e9);
    int n = events.size();
    return new Throughput(
        round3(emitSeconds),
        round(n / emitSeconds),
        publishedAt == null ? null : round(n / secondsBetween(first, publishedAt)),
        acknowledgedAt == null ? null : round(n / secondsBetween(first, acknowledgedAt)),
        acknowledgedAt == null ? null : round3(secondsBetween(last, acknowledgedAt)));
  }

  private List<EmittedEvent> emittedBetween(Instant from, Instant to) {
    return stack.simulator().emitted().stream()
        .filter(event -> !event.timeFired().isBefore(from) && event.timeFired().isBefore(to))
        .toList();
  }

  private List<EmittedEvent> emittedSince(Instant start) {
    return stack.simulator().emitted().stream()
        .filter(event -> !event.timeFired().isBefore(start))
        .toList();
  }

  private Progress progress() {
    return redis.progress(stream, RedisKeys.ENRICHMENT_GROUP);
  }

  private record Scrapes(
      NavigableMap<Double, Double> latency,
      NavigableMap<Double, Double> ingestionLag,
      NavigableMap<Double, Double> influxWrite,
      double reconnects,
      double dropped) {}

  private Scrapes scrapes() {
    PrometheusText enrichment = scraper.scrape(stack.enrichment());
    PrometheusText ingestion = scraper.scrape(stack.ingestion());
    return new Scrapes(
        enrichment.buckets(LATENCY, LIVE),
        ingestion.buckets(INGESTION_LAG, LIVE),
        enrichment.buckets(INFLUX_WRITE, SUCCESSFUL_WRITE),
        ingestion.sum(RECONNECTS, Map.of()),
        ingestion.sum(DROPPED, Map.of()));
  }

  /** Micrometer's dotted name as Prometheus exposes it. */
  static String prometheus(String meterName) {
    return meterName.replace('.', '_');
  }

  private static Duration emitTime(int count, double rate) {
    return Duration.ofMillis((long) Math.ceil(count / rate * 1000));
  }

  private static void awaitEmission(CompletableFuture<Void> emission, Duration timeout) {
    try {
      emission.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the simulator failed to emit", e.getCause());
    } catch (TimeoutException e) {
      emission.cancel(false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void join(CompletableFuture<Void> emission) {
    try {
      emission.get(1, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the simulator failed to emit", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("emission reported done but did not complete", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static double secondsBetween(Instant from, Instant to) {
    return Math.max(1e-3, Duration.between(from, to).toNanos() / 1e9);
  }

  private static double seconds(long nanos) {
    return round3(nanos / 1e9);
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
