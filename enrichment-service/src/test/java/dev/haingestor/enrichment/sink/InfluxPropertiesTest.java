package dev.haingestor.enrichment.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.enrichment.point.TimestampPrecision;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InfluxPropertiesTest {

  @Test
  void v2RequiresTokenOrgAndBucketNamingTheVariables() {
    assertThatThrownBy(() -> v2(null, "home", "ha").requireComplete())
        .hasMessageContaining("INFLUXDB_TOKEN");
    assertThatThrownBy(() -> v2("t", "home", " ").requireComplete())
        .hasMessageContaining("INFLUXDB_BUCKET");
  }

  @Test
  void v1NeedsUserAndPasswordTogether() {
    InfluxProperties userOnly =
        new InfluxProperties(
            1,
            "http://i:8086",
            null,
            null,
            null,
            "db",
            null,
            "u",
            null,
            TimestampPrecision.NS,
            Duration.ofSeconds(10),
            true);

    assertThatThrownBy(userOnly::requireComplete).hasMessageContaining("INFLUXDB_PASSWORD");
  }

  @Test
  void targetAndToStringNeverShowCredentials() {
    InfluxProperties properties =
        new InfluxProperties(
            2,
            "http://admin:s3cret@influx:8086/",
            "tok3n",
            "home",
            "ha",
            "db",
            null,
            null,
            null,
            TimestampPrecision.NS,
            Duration.ofSeconds(10),
            true);

    assertThat(properties.target())
        .isEqualTo("InfluxDB v2 API at http://influx:8086 (org home, bucket ha)");
    assertThat(properties.toString()).doesNotContain("s3cret").doesNotContain("tok3n");
  }

  @Test
  void v1PrecisionUsesInfluxDb1Spelling() {
    assertThat(InfluxV1Sink.v1Precision(TimestampPrecision.NS)).isEqualTo("n");
    assertThat(InfluxV1Sink.v1Precision(TimestampPrecision.US)).isEqualTo("u");
    assertThat(InfluxV1Sink.v1Precision(TimestampPrecision.MS)).isEqualTo("ms");
    assertThat(InfluxV1Sink.v1Precision(TimestampPrecision.S)).isEqualTo("s");
  }

  private static InfluxProperties v2(String token, String org, String bucket) {
    return new InfluxProperties(
        2,
        "http://i:8086",
        token,
        org,
        bucket,
        "db",
        null,
        null,
        null,
        TimestampPrecision.NS,
        Duration.ofSeconds(10),
        true);
  }
}
