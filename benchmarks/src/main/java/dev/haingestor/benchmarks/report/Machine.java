package dev.haingestor.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine the figures were measured on, from {@code /proc}.
 *
 * @param loadAverageAtStart 1-minute load average before the benchmark started anything: above ~0.5
 *     other work was running, and the figures are lower bounds
 */
public record Machine(
    String cpu,
    int cores,
    long memoryMb,
    String os,
    String java,
    double loadAverageAtStart,
    boolean busy) {

  /** A 1-minute load average above this, before we start anything, means a busy machine. */
  static final double BUSY_LOAD = 0.5;

  public static Machine current() {
    double load = loadAverage();
    return new Machine(
        readCpuModel(),
        Runtime.getRuntime().availableProcessors(),
        readMemoryMb(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        load,
        load > BUSY_LOAD);
  }

  /** The current 1-minute load average from {@code /proc/loadavg}, or -1 when unknown. */
  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static String readCpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return System.getProperty("os.arch");
  }

  private static long readMemoryMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return -1;
  }
}
