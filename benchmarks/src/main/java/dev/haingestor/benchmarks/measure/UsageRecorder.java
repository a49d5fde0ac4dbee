package dev.haingestor.benchmarks.measure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the RSS of named processes during one phase (for its peak) and their CPU time at its
 * start and end (for the average CPU use, in % of one core).
 */
public final class UsageRecorder {

  private static final double MB = 1024.0 * 1024.0;

  private final Map<String, Long> pids;
  private final Map<String, ProcessUsage.Snapshot> first = new LinkedHashMap<>();
  private final Map<String, Long> peakRss = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sampler;

  private UsageRecorder(Map<String, Long> pids, Duration interval) {
    this.pids = Map.copyOf(pids);
    pids.forEach((name, pid) -> ProcessUsage.read(pid).ifPresent(s -> first.put(name, s)));
    this.sampler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "usage-sampler");
              thread.setDaemon(true);
              return thread;
            });
    sampler.scheduleAtFixedRate(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * @param pids display name → process id
   */
  public static UsageRecorder start(Map<String, Long> pids, Duration interval) {
    return new UsageRecorder(pids, interval);
  }

  /**
   * @param rssMbPeak highest RSS sampled during the phase
   * @param rssMbEnd RSS at its end
   * @param cpuPercent average CPU use over the phase, in % of one core (200 = both cores of two)
   */
  public record Usage(double rssMbPeak, double rssMbEnd, double cpuPercent) {}

  /** Stops sampling; the usage of every process that was readable at start and end. */
  public Map<String, Usage> stop() {
    sampler.shutdownNow();
    try {
      sampler.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Map<String, Usage> usage = new LinkedHashMap<>();
    for (Map.Entry<String, ProcessUsage.Snapshot> start : first.entrySet()) {
      Optional<ProcessUsage.Snapshot> end = ProcessUsage.read(pids.get(start.getKey()));
      if (end.isEmpty()) {
        continue;
      }
      ProcessUsage.Snapshot s = start.getValue();
      ProcessUsage.Snapshot e = end.get();
      double wallSeconds = (e.atNanos() - s.atNanos()) / 1e9;
      double cpu = wallSeconds <= 0 ? 0 : (e.cpuSeconds() - s.cpuSeconds()) / wallSeconds * 100;
      long peak = Math.max(e.rssBytes(), peakRss.getOrDefault(start.getKey(), 0L));
      usage.put(start.getKey(), new Usage(round(peak / MB), round(e.rssBytes() / MB), round(cpu)));
    }
    return usage;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private void sample() {
    pids.forEach(
        (name, pid) ->
            ProcessUsage.read(pid).ifPresent(s -> peakRss.merge(name, s.rssBytes(), Math::max)));
  }
}
