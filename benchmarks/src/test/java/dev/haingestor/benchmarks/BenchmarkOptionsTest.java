package dev.haingestor.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

  @Test
  void quickIsTheDefaultAndSizedForCi() {
    BenchmarkOptions options = BenchmarkOptions.parse();

    assertThat(options.quick()).isTrue();
    assertThat(options.outageSeconds()).isEqualTo(10);
    assertThat(options.fixedRates()).containsExactly(1_000.0, 5_000.0);
  }

  @Test
  void theHomeIsSizedForTheRestartBurstWhileTheLoadKeepsItsEntities() {
    BenchmarkOptions defaults = BenchmarkOptions.parse();
    BenchmarkOptions withoutBurst = BenchmarkOptions.parse("--burst-entities", "0");
    BenchmarkOptions largeLoad = BenchmarkOptions.parse("--entities", "8000");

    assertThat(defaults.entities()).isEqualTo(1_000);
    assertThat(defaults.burstEntities()).isEqualTo(5_000);
    assertThat(defaults.homeEntities()).isEqualTo(5_000);
    assertThat(defaults.historyCapacity()).isGreaterThanOrEqualTo(7_500);
    assertThat(withoutBurst.homeEntities()).isEqualTo(1_000);
    assertThat(largeLoad.homeEntities()).isEqualTo(8_000);
    assertThatThrownBy(() -> BenchmarkOptions.parse("--burst-entities", "-1"))
        .hasMessageContaining("must not be negative");
  }

  @Test
  void fullRunsTheIssuesOutageOfSixtySeconds() {
    BenchmarkOptions options = BenchmarkOptions.parse("--full", "--out", "results");

    assertThat(options.quick()).isFalse();
    assertThat(options.outageSeconds()).isEqualTo(60);
    assertThat(options.recoveryRate()).isEqualTo(1_000);
    assertThat(options.out()).isEqualTo(Path.of("results"));
  }

  @Test
  void singleFiguresCanBeOverridden() {
    BenchmarkOptions options =
        BenchmarkOptions.parse(
            "--quick",
            "--max-rate",
            "50_000",
            "--fixed-rates",
            "500,2000",
            "--service-jvm-opts",
            "-Xmx512m -XX:+UseSerialGC");

    assertThat(options.maxRate()).isEqualTo(50_000);
    assertThat(options.fixedRates()).containsExactly(500.0, 2_000.0);
    assertThat(options.serviceJvmOptions()).isEqualTo(List.of("-Xmx512m", "-XX:+UseSerialGC"));
  }

  @Test
  void theSimulatorKeepsEnoughEventsForTheLargestPhase() {
    BenchmarkOptions options = BenchmarkOptions.parse("--full");

    assertThat(options.historyCapacity())
        .isGreaterThanOrEqualTo(options.maxEvents())
        .isGreaterThanOrEqualTo((int) (15_000 * options.fixedSeconds()));
  }

  @Test
  void fullOffersRisingFixedRatesBelowTheMaximum() {
    BenchmarkOptions options = BenchmarkOptions.parse("--full");

    assertThat(options.fixedRates()).containsExactly(1_000.0, 5_000.0, 10_000.0, 15_000.0);
    assertThat(options.fixedRates()).allMatch(rate -> rate < options.maxRate());
  }

  @Test
  void refusesUnknownOptionsAndMissingValues() {
    assertThatThrownBy(() -> BenchmarkOptions.parse("--fast"))
        .hasMessageContaining("unknown option --fast");
    assertThatThrownBy(() -> BenchmarkOptions.parse("--out"))
        .hasMessageContaining("--out needs a value");
    assertThatThrownBy(() -> BenchmarkOptions.parse("--max-rate", "0"))
        .hasMessageContaining("must be positive");
  }
}
