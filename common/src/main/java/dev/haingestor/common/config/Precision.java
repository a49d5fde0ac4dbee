package dev.haingestor.common.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** Timestamp precision of InfluxDB writes: HA's {@code precision} option. */
public enum Precision {
  NS("ns"),
  US("us"),
  MS("ms"),
  S("s");

  private final String wireName;

  Precision(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the JSON document and in HA's configuration. */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
