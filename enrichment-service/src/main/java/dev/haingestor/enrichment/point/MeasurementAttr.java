package dev.haingestor.enrichment.point;

/**
 * What names a point's measurement, as HA's {@code measurement_attr} option. Environment values are
 * the HA spellings ({@code unit_of_measurement}, {@code domain__device_class}, {@code entity_id});
 * Spring's lenient enum binding maps them onto these constants.
 */
public enum MeasurementAttr {
  /** The {@code unit_of_measurement} attribute, e.g. {@code °C}; HA's default. */
  UNIT_OF_MEASUREMENT,
  /**
   * {@code <domain>__<device_class>}, e.g. {@code sensor__temperature}; the domain alone without
   * one.
   */
  DOMAIN__DEVICE_CLASS,
  /** The full entity id, e.g. {@code sensor.living_temp}. */
  ENTITY_ID
}
