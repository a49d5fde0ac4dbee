package dev.haingestor.enrichment.sink;

/**
 * The InfluxDB circuit breaker is open: no write was attempted. The batch stays pending (in memory
 * and in Redis) and is tried again once the breaker lets a probe through.
 */
public final class WritesPausedException extends RuntimeException {

  WritesPausedException(Throwable cause) {
    super("InfluxDB writes paused: circuit breaker open", cause, false, false);
  }
}
