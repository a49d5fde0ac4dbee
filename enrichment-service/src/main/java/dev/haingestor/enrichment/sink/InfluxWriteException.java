package dev.haingestor.enrichment.sink;

/**
 * A write that InfluxDB did not answer with 2xx. The two subtypes decide what the consumer does:
 * retry the same batch later, or take the entries out of the stream as dead letters.
 */
public abstract sealed class InfluxWriteException extends RuntimeException
    permits RetryableWriteException, RejectedWriteException {

  private final int status;

  InfluxWriteException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, or 0 when no response arrived (connection error, timeout). */
  public int status() {
    return status;
  }

  /**
   * Classifies an HTTP error answer. 400, 413, 422 and other 4xx: the data is wrong and will never
   * be accepted. 5xx, 429 and 408: InfluxDB is busy or down. 401, 403 and 404 are the exception
   * among the 4xx: the credentials or the bucket/database are wrong, which is a configuration fault
   * that is fixed by the operator, not by discarding data, so they are retried too.
   */
  static InfluxWriteException forStatus(int status, String errorText) {
    String message = "HTTP " + status + ": " + errorText;
    return switch (status) {
      case 401, 403 ->
          new RetryableWriteException(
              status, message + " (check INFLUXDB_TOKEN / INFLUXDB_USERNAME)", null);
      case 404 ->
          new RetryableWriteException(
              status,
              message + " (check INFLUXDB_URL, INFLUXDB_API_VERSION and the bucket/database)",
              null);
      case 408, 429 -> new RetryableWriteException(status, message, null);
      default ->
          status >= 400 && status < 500
              ? new RejectedWriteException(status, errorText)
              : new RetryableWriteException(status, message, null);
    };
  }
}
