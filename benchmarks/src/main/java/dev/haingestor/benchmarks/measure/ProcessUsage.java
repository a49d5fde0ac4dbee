package dev.haingestor.benchmarks.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Memory and CPU of one process from Linux' {@code /proc}: resident set size ({@code VmRSS} of
 * {@code /proc/<pid>/status}) and CPU time ({@code utime + stime} of {@code /proc/<pid>/stat}).
 */
public final class ProcessUsage {

  /** Clock ticks per second of {@code /proc/<pid>/stat} times; 100 on every Linux we run on. */
  static final double CLOCK_TICKS_PER_SECOND = 100.0;

  private ProcessUsage() {}

  /**
   * @param rssBytes resident set size
   * @param cpuSeconds user + system CPU time since the process started
   */
  public record Snapshot(long rssBytes, double cpuSeconds, long atNanos) {}

  /** The process' usage now, or empty when it is gone or {@code /proc} is not there. */
  public static Optional<Snapshot> read(long pid) {
    try {
      String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return Optional.of(new Snapshot(rssBytes(status), cpuSeconds(stat), System.nanoTime()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** {@code VmRSS: 123456 kB} → bytes. */
  static long rssBytes(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
      }
    }
    throw new IllegalArgumentException("no VmRSS in /proc status");
  }

  /**
   * Fields 14 and 15 (utime, stime) of {@code /proc/<pid>/stat}, counted after the command name,
   * which is in parentheses and may itself contain spaces and parentheses.
   */
  static double cpuSeconds(String stat) {
    int close = stat.lastIndexOf(')');
    String[] fields = stat.substring(close + 2).trim().split("\\s+");
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    long utime = Long.parseLong(fields[14 - 3]);
    long stime = Long.parseLong(fields[15 - 3]);
    return (utime + stime) / CLOCK_TICKS_PER_SECOND;
  }
}
