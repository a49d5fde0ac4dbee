package dev.haingestor.common.event;

import java.util.Locale;

/**
 * Why an input was refused; the value of the dead-letter {@code reason} field and of metric tags.
 */
public enum RejectionReason {
  INVALID_JSON,
  MISSING_FIELD,
  STATE_NOT_STRING,
  INVALID_TIMESTAMP,
  INVALID_ENTITY_ID,
  UNSUPPORTED_SCHEMA_VERSION,
  INFLUXDB_REJECTED,
  TOO_MANY_DELIVERIES,
  /**
   * A point that line protocol cannot carry as built, e.g. a measurement starting with {@code #}
   * (the line would be read as a comment and skipped without an error).
   */
  UNWRITABLE_POINT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
