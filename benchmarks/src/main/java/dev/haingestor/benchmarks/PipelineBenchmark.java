package dev.haingestor.benchmarks;

import dev.haingestor.benchmarks.measure.RedisProbe;
import dev.haingestor.benchmarks.phase.PhaseResult;
import dev.haingestor.benchmarks.phase.PhaseRunner;
import dev.haingestor.benchmarks.phase.RecoveryResult;
import dev.haingestor.benchmarks.phase.RestartBurstResult;
import dev.haingestor.benchmarks.phase.SoakResult;
import dev.haingestor.benchmarks.reference.InfluxIngestReference;
import dev.haingestor.benchmarks.reference.RedisXaddReference;
import dev.haingestor.benchmarks.report.BenchmarkReport;
import dev.haingestor.benchmarks.report.Machine;
import dev.haingestor.benchmarks.report.SourceVersion;
import dev.haingestor.benchmarks.sample.SampleEvents;
import dev.haingestor.benchmarks.stack.PipelineStack;
import dev.haingestor.benchmarks.stack.ServiceJars;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.enrichment.point.HaPointMapper;
import dev.haingestor.enrichment.point.InfluxPoint;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.testsupport.InfluxServer;
import dev.haingestor.testsupport.RealServers;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * The end-to-end benchmark: starts Redis, InfluxDB, the simulator and the three service jars,
 * measures the two servers alone (the ceiling), then drives the pipeline through a warm-up,
 * fixed-rate phases, a max-rate phase, an InfluxDB outage and an HA restart whose start burst
 * reaches the connected ingestion service, and reports throughput with zero loss verified point by
 * point, latency percentiles, RSS and CPU per process, Redis memory and recovery.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.haingestor.benchmarks.PipelineBenchmark --quick
 * </pre>
 *
 * Exit status: 0 when no event was lost, 1 when one was (the only thing that fails CI — speed is
 * reported, never asserted), 2 when the benchmark itself could not run.
 */
public final class PipelineBenchmark {

  private static final int REFERENCE_XADD_BATCH = 1_000;
  private static final int REFERENCE_INFLUX_BATCH = 5_000;
  private static final int SAMPLE_EVENTS = 2_000;

  private final BenchmarkOptions options;
  private final PrintStream log;

  PipelineBenchmark(BenchmarkOptions options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  public static void main(String[] args) {
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    int status;
    try {
      BenchmarkReport report = new PipelineBenchmark(options, System.out).run();
      status = report.zeroLoss() ? 0 : 1;
      if (!report.zeroLoss()) {
        System.out.println("[benchmark] FAILED: the pipeline lost events (see \"delivery\")");
      }
    } catch (Exception e) {
      System.err.println("[benchmark] could not run: " + e);
      e.printStackTrace();
      status = 2;
    }
    // Redis and InfluxDB are stopped by test-support's shutdown hooks.
    System.exit(status);
  }

  BenchmarkReport run() throws IOException {
    Machine machine = Machine.current();
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Path root = options.root().toAbsolutePath().normalize();
    Path out = options.out().toAbsolutePath().normalize();
    Files.createDirectories(out);
    log.printf(
        "[benchmark] %s mode; load average %.2f%s; %s%n",
        options.mode(),
        machine.loadAverageAtStart(),
        machine.busy() ? " (busy machine)" : "",
        RealServers.describe());

    BenchmarkReport.References references;
    List<PhaseResult> phases = new ArrayList<>();
    RecoveryResult recovery;
    RestartBurstResult restartBurst = null;
    SoakResult soak = null;
    try (PipelineStack stack =
            PipelineStack.start(
                ServiceJars.inReactor(root),
                options.serviceJvmOptions(),
                options.homeEntities(),
                options.entities(),
                options.historyCapacity(),
                out.resolve("service-logs"));
        RedisProbe redis = RedisProbe.open(stack.redis())) {
      log.printf("[benchmark] pipeline up after %.1f s%n", (System.nanoTime() - start) / 1e9);
      references = references(stack);
      PhaseRunner runner = new PhaseRunner(stack, redis, options.stallTimeout(), log);
      runner.run("warmup", options.warmupRate(), options.warmupEvents());
      for (double rate : options.fixedRates()) {
        phases.add(
            runner.run(
                "fixed_" + Math.round(rate),
                rate,
                (int) Math.round(rate * options.fixedSeconds())));
      }
      phases.add(runner.run("max_rate", options.maxRate(), options.maxEvents()));
      recovery =
          runner.recovery(
              options.recoveryRate(),
              Duration.ofMillis(Math.round(options.outageSeconds() * 1000)),
              Duration.ofMillis(Math.round(options.maxDrainSeconds() * 1000)));
      if (options.burstEntities() > 0) {
        restartBurst = runner.restartBurst(options.homeEntities());
      }
      if (options.soakMinutes() > 0) {
        soak =
            runner.soak(
                options.soakRate(), Duration.ofMillis(Math.round(options.soakMinutes() * 60_000)));
      }
      List<String> dead = stack.deadServices();
      if (!dead.isEmpty()) {
        throw new IllegalStateException("a service died during the run: " + dead);
      }
    }
    BenchmarkReport report =
        BenchmarkReport.of(
            options.mode(),
            startedAt,
            Math.round((System.nanoTime() - start) / 1e8) / 10.0,
            SourceVersion.of(root),
            machine,
            RealServers.describe(),
            options.serviceJvmOptions(),
            options.entities(),
            options.homeEntities(),
            references,
            phases,
            recovery,
            restartBurst,
            soak);
    String json = report.toJson();
    String markdown = report.toMarkdown();
    Files.writeString(out.resolve("pipeline-benchmark.json"), json);
    Files.writeString(out.resolve("pipeline-benchmark.md"), markdown);
    log.println(json);
    log.println(markdown);
    log.printf("[benchmark] written to %s%n", out);
    return report;
  }

  /** The two servers alone, with the pipeline idle: its ceiling on this machine. */
  private BenchmarkReport.References references(PipelineStack stack) {
    Duration duration = Duration.ofMillis(Math.round(options.referenceSeconds() * 1000));
    List<EmittedEvent> samples = SampleEvents.generate(SAMPLE_EVENTS, options.entities(), 11);
    JsonMapper mapper = JsonMapper.builder().build();
    EventCodec codec = new EventCodec(mapper);
    HaPointMapper pointMapper = HaPointMapper.haDefaults();
    List<Map<String, String>> entries = new ArrayList<>();
    List<InfluxPoint> points = new ArrayList<>();
    Instant now = Instant.now();
    for (EmittedEvent sample : samples) {
      StateChangedEvent event = SampleEvents.toEvent(sample, now);
      entries.add(codec.encode(event));
      InfluxPoint point = pointMapper.toPoint(event);
      if (point != null) {
        points.add(point);
      }
    }

    log.printf("[benchmark] reference: Redis XADD for %s%n", duration);
    RedisXaddReference.Result xadd =
        RedisXaddReference.measure(
            stack.redis(),
            stack.keys().prefix() + "reference-xadd",
            entries,
            REFERENCE_XADD_BATCH,
            duration);

    InfluxServer influx = stack.influx();
    String database = influx.createDatabase("reference");
    List<InfluxIngestReference.Result> ingest = new ArrayList<>();
    InfluxIngestReference.Target direct = directTarget(influx, database);
    for (boolean gzip : List.of(false, true)) {
      log.printf(
          "[benchmark] reference: InfluxDB ingest, gzip %s, for %s%n",
          gzip ? "on" : "off", duration);
      ingest.add(
          InfluxIngestReference.measure(direct, points, gzip, REFERENCE_INFLUX_BATCH, duration));
    }
    dropQuietly(influx, database);
    return new BenchmarkReport.References(xadd, List.copyOf(ingest));
  }

  private static InfluxIngestReference.Target directTarget(InfluxServer influx, String database) {
    if (Objects.equals(influx.v2Url(), influx.url())) {
      return v2Target("v2 API, direct", influx.v2Url(), influx, database);
    }
    return new InfluxIngestReference.Target(
        "v1 /write, direct",
        influx.url() + "/write?db=" + encode(database) + "&precision=n",
        Map.of());
  }

  private static InfluxIngestReference.Target v2Target(
      String description, String baseUrl, InfluxServer influx, String bucket) {
    return new InfluxIngestReference.Target(
        description,
        baseUrl
            + "/api/v2/write?org="
            + encode(influx.org())
            + "&bucket="
            + encode(bucket)
            + "&precision=ns",
        Map.of("Authorization", "Token " + influx.token()));
  }

  /** Frees the reference points (InfluxDB 1.x); 2.x keeps the bucket, which is harmless. */
  private void dropQuietly(InfluxServer influx, String database) {
    try {
      influx.influxQl().query(null, "DROP DATABASE \"" + database + "\"");
    } catch (RuntimeException e) {
      log.printf("[benchmark] reference database %s kept: %s%n", database, e.getMessage());
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
