package dev.haingestor.common.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** What names a point's measurement: HA's {@code measurement_attr} option. */
public enum MeasurementAttr {
  /** The unit, e.g. {@code °C} (HA's default). */
  UNIT_OF_MEASUREMENT("unit_of_measurement"),
  /** {@code <domain>__<device_class>}, or the domain alone when there is no device class. */
  DOMAIN_DEVICE_CLASS("domain__device_class"),
  /** The full entity id. */
  ENTITY_ID("entity_id");

  private final String wireName;

  MeasurementAttr(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the JSON document and in HA's configuration. */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
