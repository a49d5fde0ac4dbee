package dev.haingestor.enrichment.runtime;

import dev.haingestor.common.config.FilterConfig;
import dev.haingestor.common.config.SchemaConfig;

/**
 * The settings from environment variables, section by section: what is in force for every section
 * the runtime configuration leaves out.
 *
 * @param batching {@code EVENT_BATCH_SIZE}, {@code BATCH_TIMEOUT_SECONDS}, min batch size
 * @param schema the {@code INFLUXDB_*} schema options and precision
 * @param filter HA's include/exclude from {@code INFLUXDB_INCLUDE_*}/{@code _EXCLUDE_*}; null =
 *     none
 * @param normalizeUnits {@code INFLUXDB_NORMALIZE_UNITS}; not part of the runtime configuration
 * @param weather the {@code WEATHER_*} settings
 */
public record EnvironmentSettings(
    Batching batching,
    SchemaConfig schema,
    FilterConfig filter,
    boolean normalizeUnits,
    WeatherSettings weather) {}
