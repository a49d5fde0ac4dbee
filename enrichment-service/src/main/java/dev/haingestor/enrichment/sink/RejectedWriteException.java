package dev.haingestor.enrichment.sink;

/**
 * InfluxDB refused the data itself (HTTP 400 and similar, e.g. a field type conflict); repeating
 * the same write cannot succeed. {@link #getMessage()} is InfluxDB's own error text.
 */
public final class RejectedWriteException extends InfluxWriteException {

  public RejectedWriteException(int status, String influxError) {
    super(status, influxError, null);
  }
}
