package dev.haingestor.admin.influx;

/**
 * InfluxDB answered, but not with results: an error in the body (e.g. {@code database not found},
 * returned with HTTP 200), a non-2xx status (bad credentials, bad query), or an unreadable or
 * oversized body. Retrying the same request will not help; the configuration or query must change.
 */
public class InfluxQueryException extends RuntimeException {

  public InfluxQueryException(String message) {
    super(message);
  }

  public InfluxQueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
