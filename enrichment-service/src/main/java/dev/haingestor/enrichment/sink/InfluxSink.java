package dev.haingestor.enrichment.sink;

import dev.haingestor.enrichment.point.TimestampPrecision;
import reactor.core.publisher.Mono;

/** Writes one batch of line protocol to InfluxDB. */
public interface InfluxSink {

  /**
   * Writes the lines; the Mono completes only after InfluxDB answered 2xx, so the caller may then
   * acknowledge the entries. It fails with a {@link RetryableWriteException} or a {@link
   * RejectedWriteException}, nothing else. Nothing is sent before subscription, and every
   * subscription sends the batch again.
   *
   * @param lineProtocol newline-separated lines
   * @param precision the unit of the lines' timestamps
   */
  Mono<Void> write(String lineProtocol, TimestampPrecision precision);

  /** Where the points go, for logs; never contains credentials. */
  String target();
}
