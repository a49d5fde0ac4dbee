package dev.haingestor.enrichment.sink;

/**
 * InfluxDB could not take the batch now (unreachable, timeout, 5xx, 429) or refuses the configured
 * credentials or target; the same batch is tried again and stays pending in Redis.
 */
public final class RetryableWriteException extends InfluxWriteException {

  public RetryableWriteException(int status, String message, Throwable cause) {
    super(status, message, cause);
  }
}
