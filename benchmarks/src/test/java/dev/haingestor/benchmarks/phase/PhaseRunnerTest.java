package dev.haingestor.benchmarks.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseRunnerTest {

  @Test
  void theMemoryTrendIsTheLeastSquaresSlope() {
    // RSS in MB per minute: a saw-tooth around a line rising 2 MB/min.
    List<double[]> samples =
        List.of(
            new double[] {0, 200},
            new double[] {1, 203},
            new double[] {2, 203},
            new double[] {3, 207},
            new double[] {4, 207},
            new double[] {5, 211});

    assertThat(PhaseRunner.slope(samples)).isCloseTo(2.0, within(0.2));
  }

  @Test
  void aFlatSawToothHasNoTrend() {
    List<double[]> samples =
        List.of(
            new double[] {0, 250},
            new double[] {1, 230},
            new double[] {2, 250},
            new double[] {3, 230},
            new double[] {4, 250},
            new double[] {5, 230},
            new double[] {6, 250},
            new double[] {7, 230});

    assertThat(Math.abs(PhaseRunner.slope(samples))).isLessThan(1.5);
  }

  @Test
  void prometheusNamesFollowMicrometersConvention() {
    assertThat(PhaseRunner.prometheus("ha.ingestor.pipeline.latency"))
        .isEqualTo("ha_ingestor_pipeline_latency");
  }
}
