package dev.haingestor.enrichment.runtime;

import dev.haingestor.common.config.EnrichmentConfig;
import java.time.Duration;

/**
 * How entries are batched.
 *
 * @param batchSize most entries read and written at once
 * @param batchTimeout how long a batch smaller than {@code minBatchSize} may wait for more
 * @param minBatchSize entries worth writing without waiting; 1 writes whatever is there at once
 */
public record Batching(int batchSize, Duration batchTimeout, int minBatchSize) {

  public Batching {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
    }
    minBatchSize = Math.max(1, Math.min(minBatchSize, batchSize));
  }

  static Batching of(EnrichmentConfig section) {
    return new Batching(
        section.batchSize(),
        Duration.ofSeconds(section.batchTimeoutSeconds()),
        section.minBatchSize());
  }

  /** True when a partial batch is worth waiting for. */
  public boolean waitsForMore() {
    return minBatchSize > 1 && !batchTimeout.isZero();
  }
}
