package dev.haingestor.common.config;

import java.time.Duration;

/**
 * Shaping of the ingestion service's output.
 *
 * @param maxProcessingRate events per second published to the stream; 0 = unlimited (default). A
 *     limit delays publication, it never drops an event
 * @param snapshotOnStart publish the current state of every entity ({@code get_states}) when the
 *     service starts; default false
 * @param republishInterval re-publish every entity's current state at this interval, so that sparse
 *     sensors have a point in every dashboard range; {@link Duration#ZERO} = off (default). JSON:
 *     an ISO-8601 duration ({@code "PT1H"}) or a whole number of seconds
 */
public record IngestionConfig(
    Integer maxProcessingRate, Boolean snapshotOnStart, Duration republishInterval) {

  public IngestionConfig {
    maxProcessingRate = maxProcessingRate == null ? 0 : maxProcessingRate;
    snapshotOnStart = snapshotOnStart == null ? Boolean.FALSE : snapshotOnStart;
    republishInterval = republishInterval == null ? Duration.ZERO : republishInterval;
  }
}
