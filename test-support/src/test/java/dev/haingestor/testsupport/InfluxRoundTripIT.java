package dev.haingestor.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@RealServersTest
class InfluxRoundTripIT {

  private final InfluxServer influx = RealServers.influx();
  private final InfluxQl influxQl = influx.influxQl();

  @Test
  void readsBackWrittenPointsWithNanosecondTimes() {
    String db = influx.createDatabase("roundtrip");

    influxQl.write(
        db,
        "W,domain=sensor,entity_id=power value=12.5 1700000000123456789\n"
            + "W,domain=sensor,entity_id=power value=13 1700000001000000000",
        "ns");

    List<InfluxQl.Series> series = influxQl.query(db, "SELECT value FROM \"W\"");
    assertThat(series).hasSize(1);
    List<Map<String, Object>> rows = series.get(0).rows();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0))
        .containsEntry("time", Instant.ofEpochSecond(1_700_000_000L, 123_456_789L))
        .containsEntry("value", 12.5);
    assertThat(((Number) rows.get(1).get("value")).doubleValue()).isEqualTo(13.0);
    assertThat(influxQl.count(db, "SELECT COUNT(value) FROM \"W\"")).isEqualTo(2);
  }

  @Test
  void writesWithMicrosecondPrecisionAtTheRightTime() {
    String db = influx.createDatabase("precision");

    influxQl.write(db, "W value=1 1700000000123456", "us");

    List<Map<String, Object>> rows = influxQl.query(db, "SELECT value FROM \"W\"").get(0).rows();
    assertThat(rows.get(0))
        .containsEntry("time", Instant.ofEpochSecond(1_700_000_000L, 123_456_000L));
  }

  @Test
  void groupsSeriesByTag() {
    String db = influx.createDatabase("tags");
    influxQl.write(db, "W,entity_id=a value=1 1\nW,entity_id=b value=2 2", "s");

    List<InfluxQl.Series> series =
        influxQl.query(db, "SELECT COUNT(value) FROM \"W\" GROUP BY entity_id");

    assertThat(series)
        .extracting(InfluxQl.Series::tags)
        .containsExactlyInAnyOrder(Map.of("entity_id", "a"), Map.of("entity_id", "b"));
  }

  @Test
  void bindsQueryParameters() {
    String db = influx.createDatabase("params");
    influxQl.write(db, "W,entity_id=power value=1 1\nW,entity_id=other value=2 2", "s");

    List<InfluxQl.Series> match =
        influxQl.query(db, "SELECT value FROM \"W\" WHERE entity_id = $e", Map.of("e", "power"));
    List<InfluxQl.Series> injected =
        influxQl.query(
            db, "SELECT value FROM \"W\" WHERE entity_id = $e", Map.of("e", "power' OR '1'='1"));

    assertThat(match.get(0).values()).hasSize(1);
    assertThat(injected).isEmpty();
  }

  @Test
  void isolatesEachCreatedDatabase() {
    String first = influx.createDatabase("isolated");
    String second = influx.createDatabase("isolated");

    influxQl.write(first, "W value=1 1", "s");

    assertThat(first).isNotEqualTo(second).startsWith("isolated_");
    assertThat(influxQl.count(first, "SELECT COUNT(value) FROM \"W\"")).isEqualTo(1);
    assertThat(influxQl.count(second, "SELECT COUNT(value) FROM \"W\"")).isZero();
  }

  @Test
  void reportsTheErrorOfAQueryOnAnUnknownDatabase() {
    assertThatThrownBy(() -> influxQl.query("no_such_database_here", "SELECT * FROM \"W\""))
        .isInstanceOf(InfluxQl.InfluxQlException.class)
        .hasMessageContaining("no_such_database_here");
  }

  @Test
  void failsAWriteThatTheServerRejects() {
    String db = influx.createDatabase("rejected");

    assertThatThrownBy(() -> influxQl.write(db, "not line protocol", "ns"))
        .isInstanceOf(InfluxQl.InfluxQlException.class)
        .hasMessageContaining("HTTP 400");
  }

  @Test
  void rejectsUnsafeDatabasePrefixes() {
    assertThatThrownBy(() -> influx.createDatabase("x\"; DROP DATABASE y"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
