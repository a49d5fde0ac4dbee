package dev.haingestor.enrichment.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InfluxWriteExceptionTest {

  @ParameterizedTest
  @ValueSource(ints = {400, 413, 422, 409})
  void badDataIsRejectedWithInfluxDbsText(int status) {
    InfluxWriteException e =
        InfluxWriteException.forStatus(status, "partial write: field type conflict");

    assertThat(e).isInstanceOf(RejectedWriteException.class);
    assertThat(e.getMessage()).isEqualTo("partial write: field type conflict");
    assertThat(e.status()).isEqualTo(status);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504, 429, 408})
  void unavailabilityIsRetryable(int status) {
    assertThat(InfluxWriteException.forStatus(status, "busy"))
        .isInstanceOf(RetryableWriteException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403, 404})
  void configurationFaultsAreRetriedNotDeadLettered(int status) {
    InfluxWriteException e = InfluxWriteException.forStatus(status, "database not found");

    assertThat(e).isInstanceOf(RetryableWriteException.class);
    assertThat(e.getMessage()).contains("database not found").contains("check INFLUXDB_");
  }
}
