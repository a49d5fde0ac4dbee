package dev.haingestor.admin.influx;

import java.util.List;

/**
 * The JSON body of {@code /query}: {@code {"results":[{"statement_id":0,"series":[…]}]}}, with an
 * {@code error} either at the top (bad request) or per statement (e.g. {@code database not found},
 * which InfluxDB 1.x answers with HTTP 200).
 */
record InfluxQlResponse(List<StatementResult> results, String error) {

  record StatementResult(List<InfluxSeries> series, String error) {}

  /**
   * The series of the first (only) statement.
   *
   * @throws InfluxQueryException if InfluxDB reported an error in the body
   */
  List<InfluxSeries> firstStatementSeries() {
    if (error != null) {
      throw new InfluxQueryException("InfluxDB rejected the query: " + error);
    }
    if (results == null || results.isEmpty()) {
      return List.of();
    }
    StatementResult first = results.get(0);
    if (first.error() != null) {
      throw new InfluxQueryException("InfluxDB rejected the query: " + first.error());
    }
    return first.series() == null ? List.of() : first.series();
  }
}
