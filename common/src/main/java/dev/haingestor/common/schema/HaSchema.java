package dev.haingestor.common.schema;

/**
 * Names of HA's InfluxDB integration schema ({@code homeassistant/components/influxdb}), written by
 * the enrichment service and read by admin-api.
 */
public final class HaSchema {

  public static final String TAG_DOMAIN = "domain";

  /** The object id without the domain, e.g. {@code living_temp} for {@code sensor.living_temp}. */
  public static final String TAG_ENTITY_ID = "entity_id";

  /** The state as a number (always float). */
  public static final String FIELD_VALUE = "value";

  /** The state as a string when it is not a plain number. */
  public static final String FIELD_STATE = "state";

  /** Suffix of an attribute field holding a string. */
  public static final String STRING_FIELD_SUFFIX = "_str";

  public static final String DEFAULT_MEASUREMENT_ATTR = "unit_of_measurement";

  private HaSchema() {}
}
