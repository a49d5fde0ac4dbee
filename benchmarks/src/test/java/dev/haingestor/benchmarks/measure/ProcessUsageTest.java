package dev.haingestor.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessUsageTest {

  @Test
  void readsTheResidentSetSizeInBytes() {
    String status = "Name:\tjava\nVmPeak:\t 9999 kB\nVmRSS:\t  204800 kB\nThreads:\t42\n";

    assertThat(ProcessUsage.rssBytes(status)).isEqualTo(204_800L * 1024);
  }

  @Test
  void readsUserPlusSystemTimeAfterACommandNameWithSpacesAndParentheses() {
    // Field 14 (utime) = 250 ticks, field 15 (stime) = 50 ticks.
    String stat =
        "4242 (java (weird) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 10 1"
            + " 2 3";

    assertThat(ProcessUsage.cpuSeconds(stat)).isEqualTo(3.0);
  }

  @Test
  void readsThisJvm() {
    ProcessUsage.Snapshot snapshot = ProcessUsage.read(ProcessHandle.current().pid()).orElseThrow();

    assertThat(snapshot.rssBytes()).isGreaterThan(10L * 1024 * 1024);
    assertThat(snapshot.cpuSeconds()).isPositive();
  }
}
