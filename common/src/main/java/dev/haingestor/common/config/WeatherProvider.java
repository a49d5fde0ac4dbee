package dev.haingestor.common.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where the weather context comes from. */
public enum WeatherProvider {
  /** Open-Meteo, no API key (default). */
  OPEN_METEO("open_meteo"),
  /** OpenWeatherMap; its API key stays in the environment, never in the runtime configuration. */
  OPENWEATHERMAP("openweathermap"),
  /** HA's own {@code weather.*} entity read from the event stream: no external call. */
  HA_ENTITY("ha_entity");

  private final String wireName;

  WeatherProvider(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the JSON document. */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
