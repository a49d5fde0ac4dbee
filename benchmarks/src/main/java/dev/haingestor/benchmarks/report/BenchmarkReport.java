package dev.haingestor.benchmarks.report;

import dev.haingestor.benchmarks.measure.UsageRecorder;
import dev.haingestor.benchmarks.phase.Latency;
import dev.haingestor.benchmarks.phase.PhaseResult;
import dev.haingestor.benchmarks.phase.RecoveryResult;
import dev.haingestor.benchmarks.phase.RestartBurstResult;
import dev.haingestor.benchmarks.phase.SoakResult;
import dev.haingestor.benchmarks.reference.InfluxIngestReference;
import dev.haingestor.benchmarks.reference.RedisXaddReference;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Everything one end-to-end run measured, as JSON (machine-readable) and as Markdown tables. */
public record BenchmarkReport(
    String benchmark,
    String mode,
    Instant startedAt,
    double durationSeconds,
    SourceVersion source,
    Machine machine,
    String servers,
    List<String> serviceJvmOptions,
    int entities,
    int homeEntities,
    References references,
    List<PhaseResult> phases,
    RecoveryResult recovery,
    RestartBurstResult restartBurst,
    SoakResult soak,
    Ceiling ceiling,
    List<Target> targets,
    boolean zeroLoss) {

  static final double SUSTAINED_TARGET = 20_000;
  static final double P50_TARGET_MS = 10;
  static final double P99_TARGET_MS = 50;
  static final double DRAIN_RATIO_TARGET = 10;
  static final double RSS_TARGET_MB = 256;
  static final int BURST_ENTITIES_TARGET = 5_000;
  static final List<String> SERVICES = List.of("ingestion", "enrichment", "admin");

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  /** The ceiling references: the two servers alone on this machine. */
  public record References(
      RedisXaddReference.Result redisXadd, List<InfluxIngestReference.Result> influxIngest) {}

  /**
   * The pipeline's best zero-loss throughput as a fraction of the slower server alone.
   *
   * @param pipelinePerSecond best end-to-end events/s of a zero-loss phase
   * @param redisXaddPerSecond the Redis reference
   * @param influxLinesPerSecond the InfluxDB reference without gzip, as the pipeline writes ({@code
   *     INFLUXDB_GZIP} is off by default)
   */
  public record Ceiling(
      Double pipelinePerSecond,
      double redisXaddPerSecond,
      double influxLinesPerSecond,
      Double fractionOfRedis,
      Double fractionOfInflux,
      Double fractionOfCeiling) {}

  /** Assembles the report and judges it against issue 7's targets. */
  public static BenchmarkReport of(
      String mode,
      Instant startedAt,
      double durationSeconds,
      SourceVersion source,
      Machine machine,
      String servers,
      List<String> serviceJvmOptions,
      int entities,
      int homeEntities,
      References references,
      List<PhaseResult> phases,
      RecoveryResult recovery,
      RestartBurstResult restartBurst,
      SoakResult soak) {
    boolean zeroLoss =
        phases.stream().allMatch(p -> p.delivery().zeroLoss())
            && (recovery == null || recovery.delivery().zeroLoss())
            && (restartBurst == null || restartBurst.delivery().zeroLoss())
            && (soak == null || soak.delivery().zeroLoss());
    Ceiling ceiling = ceiling(references, phases);
    return new BenchmarkReport(
        "ha-ingestor end-to-end pipeline",
        mode,
        startedAt,
        durationSeconds,
        source,
        machine,
        servers,
        serviceJvmOptions,
        entities,
        homeEntities,
        references,
        phases,
        recovery,
        restartBurst,
        soak,
        ceiling,
        targets(phases, recovery, restartBurst, soak),
        zeroLoss);
  }

  public String toJson() {
    return JSON.writeValueAsString(this);
  }

  private static Ceiling ceiling(References references, List<PhaseResult> phases) {
    Double pipeline =
        phases.stream()
            .filter(p -> p.delivery().zeroLoss() && p.throughput().endToEndPerSecond() != null)
            .map(p -> p.throughput().endToEndPerSecond())
            .max(Double::compare)
            .orElse(null);
    double redis = references.redisXadd().entriesPerSecond();
    double influx =
        references.influxIngest().stream()
            .filter(result -> !result.gzip())
            .mapToDouble(InfluxIngestReference.Result::linesPerSecond)
            .max()
            .orElse(0);
    double slower = Math.min(redis, influx);
    return new Ceiling(
        pipeline,
        redis,
        influx,
        fraction(pipeline, redis),
        fraction(pipeline, influx),
        fraction(pipeline, slower));
  }

  private static Double fraction(Double part, double whole) {
    return part == null || whole <= 0 ? null : Math.round(part / whole * 1000) / 1000.0;
  }

  private static List<Target> targets(
      List<PhaseResult> phases,
      RecoveryResult recovery,
      RestartBurstResult restartBurst,
      SoakResult soak) {
    List<Target> targets = new ArrayList<>();
    // Sustained: the best end-to-end rate of a phase without loss (normally max_rate; a fixed
    // phase can beat it when the max-rate offer overloads the machine).
    Optional<PhaseResult> best =
        phases.stream()
            .filter(p -> p.delivery().zeroLoss() && p.throughput().endToEndPerSecond() != null)
            .max(Comparator.comparingDouble(p -> p.throughput().endToEndPerSecond()));
    boolean anyLoss = phases.stream().anyMatch(p -> !p.delivery().zeroLoss());
    targets.add(
        best.map(
                p ->
                    new Target(
                        "Sustained end-to-end, zero loss",
                        "≥ 20,000 events/s",
                        String.format(
                            Locale.ROOT,
                            "%,.0f events/s (phase %s: %,d events offered at %,.0f/s)%s",
                            p.throughput().endToEndPerSecond(),
                            p.name(),
                            p.events(),
                            p.requestedRate(),
                            anyLoss ? "; **a phase lost events**" : ""),
                        !anyLoss && p.throughput().endToEndPerSecond() >= SUSTAINED_TARGET))
            .orElse(
                new Target(
                    "Sustained end-to-end, zero loss",
                    "≥ 20,000 events/s",
                    "no phase without loss",
                    anyLoss ? Boolean.FALSE : null)));
    Optional<PhaseResult> slow = phase(phases, "fixed_1000");
    targets.add(
        slow.map(
                p -> {
                  Latency l = p.latency();
                  boolean met =
                      l.p50Ms() != null
                          && l.p99Ms() != null
                          && l.p50Ms() <= P50_TARGET_MS
                          && l.p99Ms() <= P99_TARGET_MS;
                  return new Target(
                      "Latency at 1,000 events/s (p50 / p99)",
                      "≤ 10 ms / ≤ 50 ms",
                      ms(l.p50Ms()) + " ms / " + ms(l.p99Ms()) + " ms",
                      l.count() == 0 ? null : met);
                })
            .orElse(
                new Target(
                    "Latency at 1,000 events/s (p50 / p99)", "≤ 10 ms / ≤ 50 ms", "–", null)));
    targets.add(restartBurstTarget(restartBurst));
    if (recovery != null) {
      Double ratio = recovery.drainToLiveRatio();
      targets.add(
          new Target(
              "Backlog drain after an InfluxDB outage",
              "60,000 events drained at ≥ 10× the live rate",
              String.format(
                  Locale.ROOT,
                  "%s× (%,d backlog after %.0f s at %,.0f/s; drained %s s after the outage, first"
                      + " write after %s s)",
                  ratio == null ? "–" : String.format(Locale.ROOT, "%.1f", ratio),
                  recovery.backlogEvents(),
                  recovery.outageSeconds(),
                  recovery.liveRate(),
                  recovery.drainSeconds() == null ? "–" : recovery.drainSeconds(),
                  recovery.timeToFirstWriteSeconds() == null
                      ? "–"
                      : recovery.timeToFirstWriteSeconds()),
              ratio == null ? Boolean.FALSE : ratio >= DRAIN_RATIO_TARGET));
    }
    Optional<PhaseResult> busy = phase(phases, "fixed_5000");
    targets.add(
        busy.map(
                p -> {
                  StringBuilder measured = new StringBuilder();
                  boolean met = true;
                  for (String service : SERVICES) {
                    UsageRecorder.Usage usage = p.processes().get(service);
                    if (usage == null) {
                      continue;
                    }
                    if (measured.length() > 0) {
                      measured.append(", ");
                    }
                    measured.append(
                        String.format(Locale.ROOT, "%s %.0f MB", service, usage.rssMbPeak()));
                    met &= usage.rssMbPeak() <= RSS_TARGET_MB;
                  }
                  return new Target(
                      "RSS per service at 5,000 events/s (peak)",
                      "≤ 256 MB each",
                      measured.toString(),
                      met);
                })
            .orElse(new Target("RSS per service at 5,000 events/s", "≤ 256 MB each", "–", null)));
    if (soak == null) {
      targets.add(
          new Target(
              "Memory over a 10-minute soak",
              "flat (no growth trend)",
              "not measured in this run (--soak-minutes)",
              null));
    } else {
      StringBuilder measured = new StringBuilder();
      soak.services()
          .forEach(
              (service, trend) ->
                  measured
                      .append(measured.length() == 0 ? "" : ", ")
                      .append(
                          String.format(
                              Locale.ROOT,
                              "%s %+.2f MB/min (%.0f → %.0f MB)",
                              service,
                              trend.mbPerMinute(),
                              trend.rssMbSecondHalfStart(),
                              trend.rssMbEnd())));
      measured.append(
          String.format(
              Locale.ROOT,
              "; %.0f min at %,.0f/s, %s",
              soak.minutes(),
              soak.rate(),
              soak.delivery().zeroLoss() ? "zero loss" : soak.delivery().missing() + " lost"));
      targets.add(
          new Target(
              "Memory over a " + Math.round(soak.minutes()) + "-minute soak",
              "flat (no growth trend)",
              measured.toString(),
              soak.flat() && soak.delivery().zeroLoss()));
    }
    return targets;
  }

  private static Target restartBurstTarget(RestartBurstResult burst) {
    String measure = "HA restart burst of 5,000 entities";
    String goal = "no slow-client cut-off, no loss";
    if (burst == null) {
      return new Target(measure, goal, "not measured in this run (--burst-entities 0)", null);
    }
    String measured =
        String.format(
            Locale.ROOT,
            "%,d events (%,d entities, %,d restored placeholders) fired to %d live"
                + " subscriber(s): %d slow-client cut-off(s), %s; last XADD %s s and last"
                + " acknowledgement %s s after the first event",
            burst.events(),
            burst.entities(),
            burst.placeholders(),
            burst.subscribers(),
            burst.slowClientCutOffs(),
            burst.delivery().zeroLoss()
                ? "zero loss"
                : "**" + burst.delivery().missing() + " lost**",
            seconds(burst.toLastXaddSeconds()),
            seconds(burst.toLastAcknowledgedSeconds()));
    if (burst.entities() < BURST_ENTITIES_TARGET) {
      // A smaller home does not measure the target; say what it showed without judging.
      return new Target(measure, goal, measured + " (home below 5,000 entities)", null);
    }
    return new Target(measure, goal, measured, burst.absorbed());
  }

  private static String seconds(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static Optional<PhaseResult> phase(List<PhaseResult> phases, String name) {
    return phases.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The tables of {@code docs/performance.md}. */
  public String toMarkdown() {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "### End-to-end benchmark (%s mode), %s, commit %s%n%n",
            mode,
            startedAt.truncatedTo(ChronoUnit.SECONDS),
            source));
    md.append(
        String.format(
            Locale.ROOT,
            "Machine: %s, %d cores, %,d MB RAM, %s, %s. Load average before the run: %.2f%s.%n",
            machine.cpu(),
            machine.cores(),
            machine.memoryMb(),
            machine.os(),
            machine.java(),
            machine.loadAverageAtStart(),
            machine.busy() ? " — **busy machine: figures are lower bounds**" : ""));
    md.append(
        String.format(
            Locale.ROOT,
            "Servers: %s. Service JVMs: `%s`. Home: %,d entities, the load phases change the first"
                + " %,d. Zero loss: **%s**.%n%n",
            servers.replaceFirst("^servers: ", ""),
            String.join(" ", serviceJvmOptions),
            homeEntities,
            entities,
            zeroLoss ? "yes" : "NO"));

    md.append("| Measure | Target (issue 7) | Measured | Met |\n|---|---|---|---|\n");
    for (Target target : targets) {
      md.append(
          String.format(
              "| %s | %s | %s | %s |%n",
              target.measure(),
              target.goal(),
              target.measured(),
              target.met() == null ? "–" : target.met() ? "yes" : "**no**"));
    }

    md.append("\n| Phase | Events | Offered/s | Emitted/s | XADDed/s | End-to-end/s | Tail s |")
        .append(" Loss | HA reconnects | p50 ms | p95 ms | p99 ms | max ≤ ms |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (PhaseResult p : phases) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %,.0f | %,.0f | %s | %s | %s | %s | %d | %s | %s | %s | %s |%n",
              p.name(),
              p.events(),
              p.requestedRate(),
              p.throughput().emittedPerSecond(),
              rate(p.throughput().publishedPerSecond()),
              rate(p.throughput().endToEndPerSecond()),
              p.throughput().tailSeconds() == null ? "–" : p.throughput().tailSeconds(),
              p.delivery().zeroLoss() ? "0" : "**" + p.delivery().missing() + "**",
              p.haReconnects(),
              ms(p.latency().p50Ms()),
              ms(p.latency().p95Ms()),
              ms(p.latency().p99Ms()),
              ms(p.latency().maxMs())));
    }

    List<String> processes = new ArrayList<>();
    phases.forEach(
        p ->
            p.processes().keySet().stream()
                .filter(k -> !processes.contains(k))
                .forEach(processes::add));
    md.append("\nRSS peak MB / CPU % of one core, per phase:\n\n| Phase | ");
    md.append(String.join(" | ", processes)).append(" | Redis used MB |\n|---|");
    md.append("---|".repeat(processes.size() + 1)).append('\n');
    for (PhaseResult p : phases) {
      md.append("| ").append(p.name()).append(" | ");
      for (String process : processes) {
        UsageRecorder.Usage usage = p.processes().get(process);
        md.append(
                usage == null
                    ? "–"
                    : String.format(
                        Locale.ROOT, "%.0f / %.0f%%", usage.rssMbPeak(), usage.cpuPercent()))
            .append(" | ");
      }
      md.append(String.format(Locale.ROOT, "%.1f |%n", p.redisMemory().usedMb()));
    }

    if (recovery != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "%nRecovery: InfluxDB unreachable for %.0f s at %,.0f events/s → backlog %,d;"
                  + " first write %s s after the outage, backlog drained after %s s at %s"
                  + " events/s (%s× the live rate); %,d events, %s.%n",
              recovery.outageSeconds(),
              recovery.liveRate(),
              recovery.backlogEvents(),
              recovery.timeToFirstWriteSeconds() == null ? "–" : recovery.timeToFirstWriteSeconds(),
              recovery.drainSeconds() == null
                  ? "– (not within the limit)"
                  : recovery.drainSeconds(),
              rate(recovery.drainPerSecond()),
              recovery.drainToLiveRatio() == null ? "–" : recovery.drainToLiveRatio(),
              recovery.events(),
              recovery.delivery().zeroLoss()
                  ? "zero loss"
                  : "**" + recovery.delivery().missing() + " lost**"));
    }

    if (restartBurst != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "%nRestart burst: HA restarted and, once the ingestion service had subscribed again"
                  + " (%s s), fired %,d events (%,d entities, %,d restored placeholders) to %d"
                  + " subscriber(s), handed over in %s s; last XADD %s s, last acknowledgement %s s"
                  + " after the first event; p50 / p99 %s / %s ms; %d slow-client cut-off(s), %d"
                  + " HA reconnect(s) (the restart's own included), %d dropped, %s.%n",
              restartBurst.resubscribeSeconds(),
              restartBurst.events(),
              restartBurst.entities(),
              restartBurst.placeholders(),
              restartBurst.subscribers(),
              restartBurst.handOverSeconds(),
              seconds(restartBurst.toLastXaddSeconds()),
              seconds(restartBurst.toLastAcknowledgedSeconds()),
              ms(restartBurst.latency().p50Ms()),
              ms(restartBurst.latency().p99Ms()),
              restartBurst.slowClientCutOffs(),
              restartBurst.haReconnects(),
              restartBurst.droppedEvents(),
              restartBurst.delivery().zeroLoss()
                  ? "zero loss"
                  : "**" + restartBurst.delivery().missing() + " lost**"));
    }

    md.append("\n| Reference (same machine, same run) | Rate | Detail |\n|---|---|---|\n");
    RedisXaddReference.Result redis = references.redisXadd();
    md.append(
        String.format(
            Locale.ROOT,
            "| Redis XADD, pipelined on one connection | %,.0f entries/s | batches of %,d, entries"
                + " of %,d B, MAXLEN ~ |%n",
            redis.entriesPerSecond(),
            redis.batchSize(),
            redis.entryBytes()));
    for (InfluxIngestReference.Result influx : references.influxIngest()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| InfluxDB line protocol, %s, gzip %s | %,.0f lines/s | batches of %,d lines on one"
                  + " connection, %.0f KB per request |%n",
              influx.target(),
              influx.gzip() ? "on" : "off",
              influx.linesPerSecond(),
              influx.batchLines(),
              influx.averageBodyKb()));
    }
    if (ceiling.pipelinePerSecond() != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "%nPipeline (best zero-loss phase) %,.0f events/s = %.1f%% of the Redis XADD"
                  + " reference, %.1f%% of the InfluxDB (no gzip) reference, %.1f%% of the slower of"
                  + " the two.%n",
              ceiling.pipelinePerSecond(),
              100 * ceiling.fractionOfRedis(),
              100 * ceiling.fractionOfInflux(),
              100 * ceiling.fractionOfCeiling()));
    }
    return md.toString();
  }

  private static String ms(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String rate(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%,.0f", value);
  }
}
