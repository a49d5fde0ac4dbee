package dev.haingestor.enrichment.runtime;

import dev.haingestor.enrichment.point.HaPointMapper;

/**
 * Everything a batch is processed with, as one immutable snapshot: a batch reads {@link
 * RuntimeSettings#current()} once and uses that snapshot throughout, so a configuration change
 * never applies to half a batch.
 *
 * @param version the runtime configuration version it comes from; 0 = the environment alone
 * @param batching batch sizes
 * @param schema the compiled point schema (filter, overrides, precision)
 * @param weather the weather context
 */
public record EnrichmentSettings(
    long version, Batching batching, HaPointMapper schema, WeatherSettings weather) {}
