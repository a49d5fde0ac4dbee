package dev.haingestor.ingestion.shaping;

import dev.haingestor.common.config.IngestionConfig;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limit, startup snapshot and periodic re-publish; the default of the runtime configuration's
 * {@code ingestion} section. Bound from {@code MAX_PROCESSING_RATE}, {@code SNAPSHOT_ON_START} and
 * {@code REPUBLISH_INTERVAL} (mapped in application.yml).
 *
 * @param maxProcessingRate events per second published to the stream, 0 = unlimited; a limit delays
 *     publication, it never drops an event
 * @param snapshotOnStart publish every entity's current state when the service starts
 * @param republishInterval re-publish the state of every entity unchanged for this long, 0 = off
 */
@ConfigurationProperties(prefix = "ingestion.shaping")
public record IngestionShapingProperties(
    @DefaultValue("0") int maxProcessingRate,
    @DefaultValue("false") boolean snapshotOnStart,
    @DefaultValue("0s") Duration republishInterval) {

  /** As the runtime configuration's section. */
  public IngestionConfig toConfig() {
    return new IngestionConfig(maxProcessingRate, snapshotOnStart, republishInterval);
  }
}
