package dev.haingestor.common.config;

import java.time.Instant;

/**
 * The runtime configuration: settings that admin-api changes while the services run, stored as one
 * JSON document in Redis (see {@code common/RUNTIME_CONFIG.md}).
 *
 * <p><b>Override rule.</b> Every section is optional. A {@code null} section means "use the
 * service's environment configuration for this section". A section that is present replaces that
 * whole section of the environment configuration; fields missing inside a present section take the
 * built-in defaults documented on each section record, not the environment's values.
 *
 * @param version increases by one with every stored change; 0 = nothing stored yet
 * @param updatedAt when the stored version was written (set by {@code RuntimeConfigStore})
 * @param updatedBy who wrote it, e.g. the admin-api key name (set by {@code RuntimeConfigStore})
 * @param filter which entities are ingested at all (HA's include/exclude)
 * @param attributes which attributes are kept by ingestion
 * @param ingestion rate limit, startup snapshot and periodic re-publish
 * @param enrichment batching of InfluxDB writes
 * @param schema HA's InfluxDB integration options that shape points
 * @param weather the weather context
 */
public record RuntimeConfig(
    long version,
    Instant updatedAt,
    String updatedBy,
    FilterConfig filter,
    AttributeConfig attributes,
    IngestionConfig ingestion,
    EnrichmentConfig enrichment,
    SchemaConfig schema,
    WeatherConfig weather) {

  private static final RuntimeConfig EMPTY =
      new RuntimeConfig(0, null, null, null, null, null, null, null, null);

  /** Version 0 with no section: every service runs on its environment configuration. */
  public static RuntimeConfig empty() {
    return EMPTY;
  }

  /** The same sections under other metadata, as {@code RuntimeConfigStore} stores them. */
  public RuntimeConfig withMetadata(long version, Instant updatedAt, String updatedBy) {
    return new RuntimeConfig(
        version, updatedAt, updatedBy, filter, attributes, ingestion, enrichment, schema, weather);
  }
}
