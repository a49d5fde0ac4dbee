package dev.haingestor.simulator.protocol;

import java.time.ZoneId;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What {@code get_config} reports ({@code hass.config.as_dict()}), with a settable run state. */
public final class CoreConfig {

  public static final ZoneId TIME_ZONE = ZoneId.of("Europe/Amsterdam");

  private static final List<String> COMPONENTS =
      List.of(
          "api",
          "binary_sensor",
          "climate",
          "history",
          "http",
          "light",
          "person",
          "recorder",
          "sensor",
          "switch",
          "weather",
          "websocket_api");

  private final String version;
  private volatile String state;

  public CoreConfig(String version, String state) {
    this.version = version;
    this.state = state;
  }

  /** {@code NOT_RUNNING}, {@code STARTING}, {@code RUNNING}, {@code STOPPING}, ... */
  public void state(String state) {
    this.state = state;
  }

  public String state() {
    return state;
  }

  String toJson(JsonMapper mapper) {
    ObjectNode config = mapper.createObjectNode();
    config.putArray("allowlist_external_dirs").add("/media").add("/config/www");
    config.putArray("allowlist_external_urls");
    ArrayNode components = config.putArray("components");
    COMPONENTS.forEach(components::add);
    config.put("config_dir", "/config");
    config.put("config_source", "storage");
    config.put("country", "NL");
    config.put("currency", "EUR");
    config.put("debug", false);
    config.put("elevation", 2);
    config.putNull("external_url");
    config.putNull("internal_url");
    config.put("language", "en");
    config.put("latitude", 52.3731339);
    config.put("location_name", "Home");
    config.put("longitude", 4.8903147);
    config.put("radius", 100);
    config.put("recovery_mode", false);
    config.put("safe_mode", false);
    config.put("state", state);
    config.put("time_zone", TIME_ZONE.getId());
    ObjectNode units = config.putObject("unit_system");
    units.put("length", "km");
    units.put("accumulated_precipitation", "mm");
    units.put("area", "m²");
    units.put("mass", "g");
    units.put("pressure", "Pa");
    units.put("temperature", "°C");
    units.put("volume", "L");
    units.put("wind_speed", "m/s");
    config.put("version", version);
    config.putArray("whitelist_external_dirs").add("/media").add("/config/www");
    return mapper.writeValueAsString(config);
  }
}
