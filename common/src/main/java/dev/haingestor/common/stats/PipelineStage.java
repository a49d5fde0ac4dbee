package dev.haingestor.common.stats;

import java.util.Locale;

/** The points of the pipeline at which events are counted for {@code GET /api/v1/stats}. */
public enum PipelineStage {
  /** Read from HA and accepted by ingestion. */
  RECEIVED,
  /** In the Redis stream (live and backfill). */
  PUBLISHED,
  /** Recovered from HA's recorder and published. */
  BACKFILLED,
  /** Refused as invalid (dead-lettered) by any stage. */
  REJECTED,
  /** Dropped on purpose by a filter. */
  FILTERED,
  /** Written to InfluxDB (2xx). */
  WRITTEN,
  /** Moved to the dead-letter stream by any stage. */
  DEAD_LETTERED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
