package dev.haingestor.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.haingestor.benchmarks.measure.RedisProbe;
import dev.haingestor.benchmarks.measure.UsageRecorder;
import dev.haingestor.benchmarks.phase.Delivery;
import dev.haingestor.benchmarks.phase.Latency;
import dev.haingestor.benchmarks.phase.PhaseResult;
import dev.haingestor.benchmarks.phase.RecoveryResult;
import dev.haingestor.benchmarks.phase.RestartBurstResult;
import dev.haingestor.benchmarks.phase.SoakResult;
import dev.haingestor.benchmarks.phase.Throughput;
import dev.haingestor.benchmarks.reference.InfluxIngestReference;
import dev.haingestor.benchmarks.reference.RedisXaddReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkReportTest {

  private static final Map<String, UsageRecorder.Usage> SMALL =
      Map.of(
          "ingestion", new UsageRecorder.Usage(200, 190, 40),
          "enrichment", new UsageRecorder.Usage(220, 210, 50),
          "admin", new UsageRecorder.Usage(150, 150, 1));

  @Test
  void judgesEveryMeasuredTargetOfIssue7() {
    BenchmarkReport report =
        report(
            List.of(
                phase("fixed_1000", 1_000, 1_000, lossless(5_000), latency(4.0, 30.0)),
                phase("fixed_5000", 5_000, 5_000, lossless(25_000), latency(6.0, 60.0)),
                phase("max_rate", 50_000, 24_000, lossless(300_000), latency(900.0, 2000.0))),
            recovery(12.5),
            burst(0, lossless(6_750)),
            null);

    assertThat(report.zeroLoss()).isTrue();
    assertThat(report.targets())
        .extracting(Target::measure, Target::met)
        .containsExactly(
            tuple("Sustained end-to-end, zero loss", true),
            tuple("Latency at 1,000 events/s (p50 / p99)", true),
            tuple("HA restart burst of 5,000 entities", true),
            tuple("Backlog drain after an InfluxDB outage", true),
            tuple("RSS per service at 5,000 events/s (peak)", true),
            tuple("Memory over a 10-minute soak", null));
    assertThat(report.ceiling().pipelinePerSecond()).isEqualTo(24_000);
    assertThat(report.ceiling().fractionOfCeiling()).isEqualTo(0.24);
  }

  @Test
  void aSlowClientCutOffOrALostEventMissesTheRestartBurstTarget() {
    List<PhaseResult> phases =
        List.of(phase("fixed_1000", 1_000, 1_000, lossless(5_000), latency(4.0, 30.0)));
    Delivery lost = new Delivery(6_750, 6_000, 750, 0, 0, false, List.of("sensor.a@2026-01-01"));

    BenchmarkReport cutOff = report(phases, recovery(12.5), burst(1, lossless(6_750)), null);
    BenchmarkReport lossy = report(phases, recovery(12.5), burst(0, lost), null);

    assertThat(burstTarget(cutOff).met()).isFalse();
    assertThat(burstTarget(cutOff).measured())
        .contains("6,750 events (5,000 entities, 1,750 restored placeholders)")
        .contains("1 slow-client cut-off(s)")
        .contains("last XADD 0.45 s and last acknowledgement 0.80 s");
    assertThat(cutOff.zeroLoss()).isTrue();
    assertThat(burstTarget(lossy).met()).isFalse();
    assertThat(lossy.zeroLoss()).isFalse();
    assertThat(lossy.toMarkdown()).contains("Restart burst:").contains("**750 lost**");
  }

  @Test
  void withoutTheBurstPhaseTheTargetIsNotJudged() {
    BenchmarkReport report =
        report(
            List.of(phase("fixed_1000", 1_000, 1_000, lossless(5_000), latency(4.0, 30.0))),
            recovery(12.5));

    assertThat(burstTarget(report).met()).isNull();
    assertThat(burstTarget(report).measured()).contains("--burst-entities 0");
    assertThat(report.toMarkdown()).doesNotContain("Restart burst:");
  }

  private static Target burstTarget(BenchmarkReport report) {
    return report.targets().stream()
        .filter(t -> t.measure().startsWith("HA restart burst"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aLostEventFailsTheRunAndTheSustainedTarget() {
    Delivery lost = new Delivery(20_000, 19_999, 1, 0, 0, false, List.of("sensor.a@2026-01-01"));
    BenchmarkReport report =
        report(
            List.of(
                phase("fixed_1000", 1_000, 1_000, lossless(5_000), latency(4.0, 30.0)),
                phase("max_rate", 50_000, 30_000, lost, latency(900.0, 2000.0))),
            recovery(12.5));

    assertThat(report.zeroLoss()).isFalse();
    assertThat(report.targets().get(0).met()).isFalse();
    assertThat(report.targets().get(0).measured()).contains("a phase lost events");
    assertThat(report.toMarkdown()).contains("Zero loss: **NO**").contains("| **1** |");
  }

  @Test
  void writesSnakeCaseJsonAndMarkdownTables() {
    BenchmarkReport report =
        report(
            List.of(phase("fixed_1000", 1_000, 1_000, lossless(5_000), latency(4.0, 30.0))),
            recovery(3.0));

    assertThat(report.toJson())
        .contains("\"zero_loss\" : true")
        .contains("\"end_to_end_per_second\" : 1000.0")
        .contains("\"p99_ms\" : 30.0");
    assertThat(report.toMarkdown())
        .contains("| Measure | Target (issue 7) | Measured | Met |")
        .contains("| Latency at 1,000 events/s (p50 / p99) | ≤ 10 ms / ≤ 50 ms | 4.0 ms / 30.0 ms")
        .contains("| Backlog drain after an InfluxDB outage |")
        .contains("**no** |")
        .contains("| fixed_1000 | 5,000 | 1,000 |");
  }

  @Test
  void aSoakWhoseMemoryGrowsMissesTheFlatMemoryTarget() {
    SoakResult soak =
        new SoakResult(
            10,
            5_000,
            3_000_000,
            Map.of(
                "ingestion", new SoakResult.Trend(240, 260, 262, 3.5),
                "enrichment", new SoakResult.Trend(250, 251, 255, 0.1)),
            false,
            lossless(3_000_000));

    BenchmarkReport report =
        report(
            List.of(phase("fixed_1000", 1_000, 1_000, lossless(5_000), latency(4.0, 30.0))),
            recovery(12.5),
            null,
            soak);

    Target memory = report.targets().get(report.targets().size() - 1);
    assertThat(memory.measure()).isEqualTo("Memory over a 10-minute soak");
    assertThat(memory.met()).isFalse();
    assertThat(memory.measured()).contains("ingestion +3.50 MB/min (240 → 260 MB)");
  }

  private static BenchmarkReport report(List<PhaseResult> phases, RecoveryResult recovery) {
    return report(phases, recovery, null, null);
  }

  private static BenchmarkReport report(
      List<PhaseResult> phases,
      RecoveryResult recovery,
      RestartBurstResult burst,
      SoakResult soak) {
    return BenchmarkReport.of(
        "quick",
        Instant.parse("2026-11-23T00:00:00Z"),
        90,
        new SourceVersion("abc123", false),
        new Machine("test cpu", 2, 4096, "Linux", "Java 17", 0.1, false),
        "local servers",
        List.of("-Xmx288m"),
        1_000,
        5_000,
        new BenchmarkReport.References(
            new RedisXaddReference.Result(1_000_000, 5, 200_000, 1_000, 420),
            List.of(
                // The pipeline writes without gzip (INFLUXDB_GZIP's default): that one counts.
                new InfluxIngestReference.Result(
                    "v1 /write", false, 500_000, 5, 100_000, 5_000, 900),
                new InfluxIngestReference.Result(
                    "v1 /write", true, 500_000, 5, 90_000, 5_000, 90))),
        phases,
        recovery,
        burst,
        soak);
  }

  private static RestartBurstResult burst(long cutOffs, Delivery delivery) {
    return new RestartBurstResult(
        5_000,
        6_750,
        1_750,
        1,
        1.2,
        0.3,
        0.45,
        0.8,
        cutOffs,
        1 + cutOffs,
        0,
        latency(200.0, 700.0),
        delivery,
        SMALL,
        new RedisProbe.Memory(50, 60, 55));
  }

  private static PhaseResult phase(
      String name, double offered, double endToEnd, Delivery delivery, Latency latency) {
    return new PhaseResult(
        name,
        offered,
        delivery.expected(),
        new Throughput(5, offered, endToEnd, endToEnd, 0.05),
        delivery,
        latency,
        null,
        null,
        SMALL,
        new RedisProbe.Memory(10, 20, 12),
        0,
        0);
  }

  private static Delivery lossless(int events) {
    return new Delivery(events, events, 0, 0, 0, true, List.of());
  }

  private static Latency latency(double p50, double p99) {
    return new Latency(1_000, p50, p50 * 2, p99, p99 * 1.5);
  }

  private static RecoveryResult recovery(double ratio) {
    return new RecoveryResult(
        1_000,
        60,
        60_000,
        1.0,
        6.0,
        ratio * 1_000,
        ratio,
        true,
        70_000,
        lossless(70_000),
        SMALL,
        new RedisProbe.Memory(50, 60, 55));
  }
}
