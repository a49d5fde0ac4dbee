package dev.haingestor.ingestion.publish;

/** The current publication rate limit ({@code MAX_PROCESSING_RATE}); may change at runtime. */
@FunctionalInterface
public interface PublishRate {

  /** Events per second; 0 = unlimited. */
  int maxEventsPerSecond();
}
