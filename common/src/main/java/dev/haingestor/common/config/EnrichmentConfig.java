package dev.haingestor.common.config;

/**
 * Batching of the enrichment service's InfluxDB writes.
 *
 * @param batchSize most stream entries read and written at once, 1–10000; default 1000
 * @param batchTimeoutSeconds how long a partial batch below {@code minBatchSize} may wait, 0–60;
 *     default 1
 * @param minBatchSize entries worth writing without waiting, 1–{@code batchSize}; default 1 (write
 *     whatever is there at once)
 */
public record EnrichmentConfig(
    Integer batchSize, Integer batchTimeoutSeconds, Integer minBatchSize) {

  public static final int DEFAULT_BATCH_SIZE = 1000;
  public static final int DEFAULT_BATCH_TIMEOUT_SECONDS = 1;
  public static final int DEFAULT_MIN_BATCH_SIZE = 1;

  public EnrichmentConfig {
    batchSize = batchSize == null ? DEFAULT_BATCH_SIZE : batchSize;
    batchTimeoutSeconds =
        batchTimeoutSeconds == null ? DEFAULT_BATCH_TIMEOUT_SECONDS : batchTimeoutSeconds;
    minBatchSize = minBatchSize == null ? DEFAULT_MIN_BATCH_SIZE : minBatchSize;
  }
}
