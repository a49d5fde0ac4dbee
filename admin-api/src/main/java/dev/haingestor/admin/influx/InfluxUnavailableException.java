package dev.haingestor.admin.influx;

/**
 * InfluxDB did not answer: connection refused, DNS failure or timeout. Retrying later may succeed.
 * The message names the failure, never the URL's credentials or the token.
 */
public class InfluxUnavailableException extends RuntimeException {

  public InfluxUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
