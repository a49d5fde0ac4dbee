package dev.haingestor.admin.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class InfluxQlResponseTest {

  private final JsonMapper json = JsonMapper.builder().build();

  private InfluxQlResponse read(String body) {
    return json.readValue(body, InfluxQlResponse.class);
  }

  @Test
  void readsSeriesWithEpochNanosecondsAndNulls() {
    List<InfluxSeries> series =
        read("""
                {"results":[{"statement_id":0,"series":[{"name":"°C",
                 "columns":["time","friendly_name_str","value"],
                 "values":[[1700000000123456789,null,21],[1700000001000000000,"Living",21.5]]}]}]}
                """)
            .firstStatementSeries();

    assertThat(series).hasSize(1);
    InfluxSeries celsius = series.get(0);
    assertThat(celsius.name()).isEqualTo("°C");
    assertThat(celsius.rows().get(0))
        .containsEntry("time", 1_700_000_000_123_456_789L)
        .containsEntry("friendly_name_str", null);
    assertThat(((Number) celsius.rows().get(1).get("value")).doubleValue()).isEqualTo(21.5);
  }

  @Test
  void answersNoSeriesWhenNothingMatched() {
    assertThat(read("{\"results\":[{\"statement_id\":0}]}").firstStatementSeries()).isEmpty();
  }

  @Test
  void rejectsAnErrorInsideTheStatementResult() {
    // InfluxDB 1.x answers an unknown database with HTTP 200 and this body.
    assertThatThrownBy(
            () ->
                read("{\"results\":[{\"statement_id\":0,\"error\":\"database not found: nope\"}]}")
                    .firstStatementSeries())
        .isInstanceOf(InfluxQueryException.class)
        .hasMessageContaining("database not found: nope");
  }

  @Test
  void rejectsATopLevelError() {
    assertThatThrownBy(
            () -> read("{\"error\":\"error parsing query: found EOF\"}").firstStatementSeries())
        .isInstanceOf(InfluxQueryException.class)
        .hasMessageContaining("error parsing query");
  }
}
