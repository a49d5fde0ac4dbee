package dev.haingestor.benchmarks;

import dev.haingestor.testsupport.process.ServiceJar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What to run, from the command line. {@code --quick} (CI-sized, under two minutes) or {@code
 * --full} choose the sizes; the other options override single figures.
 *
 * @param quick CI-sized run
 * @param out directory for {@code pipeline-benchmark.json} and {@code .md}
 * @param root the repository root (the service jars are under {@code <module>/target})
 * @param serviceJvmOptions options of the three service JVMs
 * @param entities entities whose states the load phases change (the home's first ones)
 * @param burstEntities entities of the restart-burst phase (issue 7: 5,000): the home has {@code
 *     max(entities, burstEntities)}; 0 skips the phase
 * @param warmupEvents events at {@code warmupRate} before anything is measured (JIT, pools)
 * @param fixedRates the fixed-rate phases, events per second
 * @param fixedSeconds length of each fixed-rate phase
 * @param maxRate the rate offered in the max-rate phase
 * @param maxEvents events of the max-rate phase
 * @param outageSeconds length of the InfluxDB outage
 * @param recoveryRate live rate during and after the outage
 * @param maxDrainSeconds longest the recovery phase waits for the backlog to drain
 * @param referenceSeconds length of each reference measurement
 * @param stallTimeout a phase stops waiting when nothing moved for this long
 * @param soakMinutes length of the soak phase (memory trend); 0 = none
 * @param soakRate events per second of the soak phase
 */
public record BenchmarkOptions(
    boolean quick,
    Path out,
    Path root,
    List<String> serviceJvmOptions,
    int entities,
    int burstEntities,
    int warmupEvents,
    double warmupRate,
    List<Double> fixedRates,
    double fixedSeconds,
    double maxRate,
    int maxEvents,
    double outageSeconds,
    double recoveryRate,
    double maxDrainSeconds,
    double referenceSeconds,
    Duration stallTimeout,
    double soakMinutes,
    double soakRate) {

  static final String USAGE =
      """
      Usage: PipelineBenchmark [--quick | --full] [--out DIR] [--root DIR] [options]
        --quick                  CI-sized run, under two minutes (default)
        --full                   the measurement run (about 20 minutes with the soak)
        --out DIR                where pipeline-benchmark.json/.md go (default target/benchmark)
        --root DIR               repository root with the built service jars (default .)
        --service-jvm-opts "…"   options of the service JVMs (default as compose's
                                 containers: -XX:MaxRAM=384m -XX:MaxRAMPercentage=50
                                 -XX:TrimNativeHeapInterval=5000
                                 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError)
        --entities N             entities the load phases change (default 1000)
        --burst-entities N       entities of the HA restart burst phase (default 5000;
                                 the home has the larger of the two; 0 = no burst phase)
        --fixed-rates A,B        fixed-rate phases, events/s (default 1000,5000)
        --fixed-seconds S        length of each fixed-rate phase
        --max-rate R             rate offered in the max-rate phase
        --max-events N           events of the max-rate phase
        --outage-seconds S       InfluxDB outage of the recovery phase
        --reference-seconds S    length of each reference measurement
        --soak-minutes M         soak phase for the memory trend (full: 10; 0 = none)
        --soak-rate R            events/s of the soak phase (default 5000)
      """;

  /** Quick (CI) or full sizes; everything else the same. */
  static Builder defaults(boolean quick) {
    Builder b = new Builder();
    b.quick = quick;
    if (!quick) {
      // Two minutes: at the rates measured, the per-batch code paths are invoked a few hundred
      // times a second, and C2 compiles them for about that long; measured before, the JIT took
      // half of the enrichment's CPU and doubled the latency percentiles of the first phase.
      b.warmupEvents = 240_000;
      b.warmupRate = 2_000;
      b.fixedSeconds = 60;
      // Rising offers below the maximum: the highest one kept up with is the sustained rate.
      b.fixedRates = List.of(1_000.0, 5_000.0, 10_000.0, 15_000.0);
      b.maxRate = 50_000;
      b.maxEvents = 300_000;
      b.outageSeconds = 60;
      b.maxDrainSeconds = 120;
      b.referenceSeconds = 10;
      b.soakMinutes = 10;
    }
    return b;
  }

  /** Parses the command line; {@code --full} anywhere selects the full sizes first. */
  public static BenchmarkOptions parse(String... args) {
    Builder b = defaults(!Arrays.asList(args).contains("--full"));
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--quick", "--full" -> {}
        case "--out" -> b.out = Path.of(value(args, ++i, arg));
        case "--root" -> b.root = Path.of(value(args, ++i, arg));
        case "--service-jvm-opts" ->
            b.serviceJvmOptions = List.of(value(args, ++i, arg).trim().split("\\s+"));
        case "--entities" -> b.entities = integer(args, ++i, arg);
        case "--burst-entities" -> b.burstEntities = (int) nonNegative(args, ++i, arg);
        case "--fixed-rates" -> b.fixedRates = rates(value(args, ++i, arg));
        case "--fixed-seconds" -> b.fixedSeconds = number(args, ++i, arg);
        case "--max-rate" -> b.maxRate = number(args, ++i, arg);
        case "--max-events" -> b.maxEvents = integer(args, ++i, arg);
        case "--outage-seconds" -> b.outageSeconds = number(args, ++i, arg);
        case "--reference-seconds" -> b.referenceSeconds = number(args, ++i, arg);
        case "--soak-minutes" -> b.soakMinutes = nonNegative(args, ++i, arg);
        case "--soak-rate" -> b.soakRate = number(args, ++i, arg);
        default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
      }
    }
    return b.build();
  }

  public String mode() {
    return quick ? "quick" : "full";
  }

  /**
   * Entities of the simulated home: the restart burst's, which the load phases' entities are the
   * first of, so that those phases change the same entities whatever the burst's size.
   */
  public int homeEntities() {
    return Math.max(entities, burstEntities);
  }

  /** An HA start fires one event per entity, plus an earlier placeholder for about a third. */
  private static final double BURST_EVENTS_PER_ENTITY = 1.5;

  /** The soak is censused a minute at a time, each minute once it is 30 s old. */
  private static final double SOAK_HISTORY_SECONDS = 120;

  /** Events the simulator must keep for the census of the largest phase. */
  public int historyCapacity() {
    double largest = Math.max(warmupEvents, maxEvents);
    for (double rate : fixedRates) {
      largest = Math.max(largest, rate * fixedSeconds);
    }
    largest = Math.max(largest, recoveryRate * (outageSeconds + maxDrainSeconds));
    largest = Math.max(largest, homeEntities() * BURST_EVENTS_PER_ENTITY);
    if (soakMinutes > 0) {
      largest = Math.max(largest, soakRate * SOAK_HISTORY_SECONDS);
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.ceil(largest * 1.1) + 1_000);
  }

  /** The quick sizes, overridden by the full ones and the command line. */
  static final class Builder {
    private boolean quick = true;
    private Path out = Path.of("target", "benchmark");
    private Path root = Path.of(".");
    private List<String> serviceJvmOptions = ServiceJar.IMAGE_JVM_OPTIONS;
    private int entities = 1_000;
    private int burstEntities = 5_000;
    private int warmupEvents = 3_000;
    private double warmupRate = 1_000;
    private List<Double> fixedRates = List.of(1_000.0, 5_000.0);
    private double fixedSeconds = 5;
    private double maxRate = 20_000;
    private int maxEvents = 20_000;
    private double outageSeconds = 10;
    private double recoveryRate = 1_000;
    private double maxDrainSeconds = 60;
    private double referenceSeconds = 2;
    // Only ends a wait that is going nowhere; generous so that a slow machine never looks lossy.
    private Duration stallTimeout = Duration.ofSeconds(60);
    private double soakMinutes = 0;
    private double soakRate = 5_000;

    BenchmarkOptions build() {
      return new BenchmarkOptions(
          quick,
          out,
          root,
          serviceJvmOptions,
          entities,
          burstEntities,
          warmupEvents,
          warmupRate,
          fixedRates,
          fixedSeconds,
          maxRate,
          maxEvents,
          outageSeconds,
          recoveryRate,
          maxDrainSeconds,
          referenceSeconds,
          stallTimeout,
          soakMinutes,
          soakRate);
    }
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args[index];
  }

  private static int integer(String[] args, int index, String option) {
    int value = (int) number(args, index, option);
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be positive");
    }
    return value;
  }

  private static double nonNegative(String[] args, int index, String option) {
    String text = value(args, index, option);
    try {
      double value = Double.parseDouble(text);
      if (value < 0) {
        throw new IllegalArgumentException(option + " must not be negative: " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " is not a number: " + text, e);
    }
  }

  private static double number(String[] args, int index, String option) {
    String text = value(args, index, option).replace("_", "").replace(",", "");
    try {
      double value = Double.parseDouble(text);
      if (!(value > 0)) {
        throw new IllegalArgumentException(option + " must be positive: " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " is not a number: " + text, e);
    }
  }

  private static List<Double> rates(String text) {
    List<Double> rates = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        double rate = Double.parseDouble(part.trim().toLowerCase(Locale.ROOT).replace("_", ""));
        if (!(rate > 0)) {
          throw new IllegalArgumentException("rates must be positive: " + text);
        }
        rates.add(rate);
      }
    }
    return List.copyOf(rates);
  }
}
