package dev.haingestor.simulator.generator;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.simulator.states.EntityState;
import dev.haingestor.simulator.states.StateUpdate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The kinds of entity in the simulated home, each with the attributes real HA integrations give it
 * (attribute order as HA writes it: capabilities, unit, device class, name, features) and a seeded
 * way of changing. {@link #next} always returns a change: HA fires no {@code state_changed} for an
 * identical state.
 */
public enum EntityKind {
  TEMPERATURE(
      "sensor",
      "temperature",
      "Temperature",
      3,
      new Numeric("°C", "temperature", "measurement", 12, 30, 21, 0.3, 1, Trend.WALK)),
  HUMIDITY(
      "sensor",
      "humidity",
      "Humidity",
      2,
      new Numeric("%", "humidity", "measurement", 20, 90, 50, 1.5, 1, Trend.WALK)),
  POWER(
      "sensor",
      "power",
      "Power",
      4,
      new Numeric("W", "power", "measurement", 0, 3600, 180, 140, 1, Trend.WALK)),
  ENERGY(
      "sensor",
      "energy",
      "Energy",
      2,
      new Numeric("kWh", "energy", "total_increasing", 0, 1e9, 1200, 0.05, 3, Trend.RISING)),
  ILLUMINANCE(
      "sensor",
      "illuminance",
      "Illuminance",
      2,
      new Numeric("lx", "illuminance", "measurement", 0, 25000, 350, 220, 0, Trend.WALK)),
  BATTERY(
      "sensor",
      "battery",
      "Battery",
      1,
      new Numeric("%", "battery", "measurement", 0, 100, 80, 1, 0, Trend.DRAINING)),
  /** Tiny currents: their states come out in Python's exponent notation, e.g. {@code 4.7e-05}. */
  LEAKAGE_CURRENT("sensor", "leakage_current", "Leakage Current", 1, null) {
    @Override
    StateUpdate initial(SimulatedEntity entity, Random random) {
      return next(entity, null, random);
    }

    @Override
    StateUpdate next(SimulatedEntity entity, EntityState current, Random random) {
      String state;
      do {
        state = PythonFloat.repr(BigDecimal.valueOf(random.nextInt(60)).movePointLeft(6));
      } while (current != null && state.equals(current.state().state()));
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("state_class", "measurement");
      attributes.put("unit_of_measurement", "A");
      attributes.put("device_class", "current");
      attributes.put("friendly_name", entity.friendlyName());
      return update(entity, state, attributes);
    }
  },
  /** A non-numeric sensor by definition (device class enum), with a nested object attribute. */
  AIR_QUALITY("sensor", "air_quality", "Air Quality", 1, null) {
    private static final List<String> OPTIONS =
        List.of("good", "moderate", "unhealthy_for_sensitive_groups", "unhealthy");

    @Override
    StateUpdate initial(SimulatedEntity entity, Random random) {
      return airQuality(entity, OPTIONS.get(random.nextInt(2)), random);
    }

    @Override
    StateUpdate next(SimulatedEntity entity, EntityState current, Random random) {
      String state = current.state().state();
      String next;
      do {
        next = OPTIONS.get(random.nextInt(OPTIONS.size()));
      } while (next.equals(state));
      return airQuality(entity, next, random);
    }

    private StateUpdate airQuality(SimulatedEntity entity, String state, Random random) {
      Map<String, Object> pollutants = new LinkedHashMap<>();
      pollutants.put("pm25", round(2 + random.nextDouble() * 60, 1));
      pollutants.put("pm10", round(5 + random.nextDouble() * 90, 1));
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("options", OPTIONS);
      attributes.put("pollutants", pollutants);
      attributes.put("device_class", "enum");
      attributes.put("friendly_name", entity.friendlyName());
      return update(entity, state, attributes);
    }
  },
  /**
   * A timestamp sensor (non-numeric by definition). Its times come from a seeded calendar, not the
   * wall clock, so the same seed gives the same values.
   */
  LAST_MOTION("sensor", "last_motion", "Last Motion", 1, null) {
    private static final Instant BASE = Instant.parse("2025-11-01T00:00:00Z");

    @Override
    StateUpdate initial(SimulatedEntity entity, Random random) {
      return timestamp(entity, BASE.plusSeconds(random.nextInt(72 * 60) * 60L));
    }

    @Override
    StateUpdate next(SimulatedEntity entity, EntityState current, Random random) {
      Instant previous;
      try {
        previous = HaTimestamps.parse(current.state().state());
      } catch (IllegalArgumentException notATimestamp) {
        previous = BASE;
      }
      return timestamp(entity, previous.plusSeconds(60L + random.nextInt(7200)));
    }

    private StateUpdate timestamp(SimulatedEntity entity, Instant time) {
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("device_class", "timestamp");
      attributes.put("friendly_name", entity.friendlyName());
      return update(entity, HaTimestamps.format(time), attributes);
    }
  },
  MOTION("binary_sensor", "motion", "Motion", 3, null) {
    @Override
    StateUpdate initial(SimulatedEntity entity, Random random) {
      return binary(entity, random.nextInt(4) == 0 ? "on" : "off", "motion");
    }

    @Override
    StateUpdate next(SimulatedEntity entity, EntityState current, Random random) {
      return binary(entity, toggle(current), "motion");
    }
  },
  DOOR("binary_sensor", "door", "Door", 1, null) {
    @Override
    StateUpdate initial(SimulatedEntity entity, Random random) {
      return binary(entity, "off", "door");
    }

    @Override
    StateUpdate next(SimulatedEntity entity, EntityState current, Random random) {
      return binary(entity, toggle(current), "door");
    }
  },
  /** Lights: switching, and attribute-only brightness and colour changes while on. */
  LIGHT("light", "ceiling", "Ceiling Light", 2, null) {
    @Override
    StateUpdate initial(SimulatedEntity entity, Random random) {
      return random.nextBoolean() ? lightOn(entity, random) : lightOff(entity);
    }

    @Override
    StateUpdate next(SimulatedEntity entity, EntityState current, Random random) {
      if (!"on".equals(current.state().state())) {
        return lightOn(entity, random);
      }
      return random.nextInt(10) < 4 ? lightOff(entity) : lightOn(entity, random);
    }

    private StateUpdate lightOn(SimulatedEntity entity, Random random) {
      List<Integer> rgb = List.of(random.nextInt(256), random.nextInt(256), random.nextInt(256));
      return light(entity, "on", "rgb", 1 + random.nextInt(255), rgb);
    }

    private StateUpdate lightOff(SimulatedEntity entity) {
      // HA keeps the keys of an off light, with null values.
      return light(entity, "off", null, null, null);
    }

    private StateUpdate light(
        SimulatedEntity entity,
        String state,
        String colorMode,
        Integer brightness,
        List<Integer> rgb) {
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("supported_color_modes", List.of("rgb"));
      attributes.put("color_mode", colorMode);
      attributes.put("brightness", brightness);
      attributes.put("rgb_color", rgb);
      attributes.put("friendly_name", entity.friendlyName());
      attributes.put("supported_features", 40);
      return update(entity, state, attributes);
    }
  },
  /** Thermostats: mostly attribute-only changes (current temperature, action), which keep lc. */
  CLIMATE("climate", "thermostat", "Thermostat", 2, null) {
    private static final List<String> MODES = List.of("off", "heat", "auto");

    @Override
    StateUpdate initial(SimulatedEntity entity, Random random) {
      return climate(entity, "heat", round(18 + random.nextDouble() * 4, 1), 20.5, "comfort");
    }

    @Override
    StateUpdate next(SimulatedEntity entity, EntityState current, Random random) {
      Map<String, Object> attributes = current.state().attributes();
      String mode = current.state().state();
      double currentTemperature = number(attributes.get("current_temperature"), 20);
      Object targetValue = attributes.get("temperature");
      double target = number(targetValue, 20.5);
      String preset = attributes.get("preset_mode") instanceof String p ? p : "comfort";
      int roll = random.nextInt(10);
      if (roll == 0 || !MODES.contains(mode)) {
        String next;
        do {
          next = MODES.get(random.nextInt(MODES.size()));
        } while (next.equals(mode));
        mode = next;
      } else if (roll == 1) {
        target = Math.max(7, Math.min(30, target + (random.nextBoolean() ? 0.5 : -0.5)));
        preset = random.nextBoolean() ? "comfort" : "eco";
      } else {
        double drift = random.nextBoolean() ? 0.1 : -0.1;
        currentTemperature = round(Math.max(5, Math.min(35, currentTemperature + drift)), 1);
      }
      return climate(entity, mode, currentTemperature, target, preset);
    }

    private StateUpdate climate(
        SimulatedEntity entity,
        String mode,
        double currentTemperature,
        double target,
        String preset) {
      boolean off = mode.equals("off");
      String action = off ? "off" : currentTemperature < target ? "heating" : "idle";
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("hvac_modes", MODES);
      attributes.put("min_temp", 7.0);
      attributes.put("max_temp", 35.0);
      attributes.put("target_temp_step", 0.5);
      attributes.put("preset_modes", List.of("eco", "comfort", "away"));
      attributes.put("current_temperature", currentTemperature);
      attributes.put("temperature", off ? null : target);
      attributes.put("hvac_action", action);
      attributes.put("preset_mode", preset);
      attributes.put("friendly_name", entity.friendlyName());
      attributes.put("supported_features", 401);
      return update(entity, mode, attributes);
    }
  },
  SWITCH("switch", "plug", "Plug", 1, null) {
    @Override
    StateUpdate initial(SimulatedEntity entity, Random random) {
      return plain(entity, random.nextBoolean() ? "on" : "off");
    }

    @Override
    StateUpdate next(SimulatedEntity entity, EntityState current, Random random) {
      return plain(entity, toggle(current));
    }

    private StateUpdate plain(SimulatedEntity entity, String state) {
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("friendly_name", entity.friendlyName());
      return update(entity, state, attributes);
    }
  },
  /** People: home/not_home, and attribute-only GPS updates. */
  PERSON("person", "", "", 1, null) {
    private static final double HOME_LATITUDE = 52.3731339;
    private static final double HOME_LONGITUDE = 4.8903147;

    @Override
    StateUpdate initial(SimulatedEntity entity, Random random) {
      return person(entity, "home", HOME_LATITUDE, HOME_LONGITUDE, 10 + random.nextInt(20));
    }

    @Override
    StateUpdate next(SimulatedEntity entity, EntityState current, Random random) {
      String state = current.state().state();
      if (random.nextBoolean() || !List.of("home", "not_home").contains(state)) {
        state = "home".equals(state) ? "not_home" : "home";
      }
      boolean home = state.equals("home");
      double latitude = home ? HOME_LATITUDE : round(HOME_LATITUDE + random.nextGaussian() / 20, 6);
      double longitude =
          home ? HOME_LONGITUDE : round(HOME_LONGITUDE + random.nextGaussian() / 20, 6);
      return person(entity, state, latitude, longitude, 5 + random.nextInt(60));
    }

    private StateUpdate person(
        SimulatedEntity entity, String state, double latitude, double longitude, int accuracy) {
      String name = entity.entityId().substring("person.".length());
      String tracker = "device_tracker." + name + "_phone";
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("editable", true);
      attributes.put("id", name);
      attributes.put("device_trackers", List.of(tracker));
      attributes.put("latitude", latitude);
      attributes.put("longitude", longitude);
      attributes.put("gps_accuracy", accuracy);
      attributes.put("source", tracker);
      attributes.put("user_id", userId(name));
      attributes.put("friendly_name", entity.friendlyName());
      return update(entity, state, attributes);
    }

    private String userId(String name) {
      return String.format("%032x", new BigInteger(1, name.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 32);
    }
  },
  /** {@code weather.home} as the met.no integration writes it, attribution included. */
  WEATHER("weather", "", "", 2, null) {
    private static final List<String> CONDITIONS =
        List.of("sunny", "partlycloudy", "cloudy", "rainy", "fog", "windy", "clear-night");

    @Override
    StateUpdate initial(SimulatedEntity entity, Random random) {
      return weather(entity, "partlycloudy", 14.5, 72, 1013.2, 11.2, random);
    }

    @Override
    StateUpdate next(SimulatedEntity entity, EntityState current, Random random) {
      Map<String, Object> attributes = current.state().attributes();
      String condition = current.state().state();
      double temperature = number(attributes.get("temperature"), 14.5);
      int humidity = (int) number(attributes.get("humidity"), 72);
      double pressure = number(attributes.get("pressure"), 1013.2);
      double wind = number(attributes.get("wind_speed"), 11.2);
      if (random.nextInt(5) == 0 || !CONDITIONS.contains(condition)) {
        String next;
        do {
          next = CONDITIONS.get(random.nextInt(CONDITIONS.size()));
        } while (next.equals(condition));
        condition = next;
      }
      temperature = round(temperature + (random.nextBoolean() ? 0.1 : -0.1), 1);
      humidity = Math.max(20, Math.min(100, humidity + random.nextInt(3) - 1));
      pressure = round(pressure + random.nextGaussian() * 0.3, 1);
      wind = round(Math.max(0, wind + random.nextGaussian()), 1);
      return weather(entity, condition, temperature, humidity, pressure, wind, random);
    }

    private StateUpdate weather(
        SimulatedEntity entity,
        String condition,
        double temperature,
        int humidity,
        double pressure,
        double windSpeed,
        Random random) {
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("temperature", temperature);
      attributes.put("apparent_temperature", round(temperature - windSpeed / 10, 1));
      attributes.put("dew_point", round(temperature - (100 - humidity) / 5.0, 1));
      attributes.put("temperature_unit", "°C");
      attributes.put("humidity", humidity);
      attributes.put("cloud_coverage", round(random.nextDouble() * 100, 1));
      attributes.put("pressure", pressure);
      attributes.put("pressure_unit", "hPa");
      attributes.put("wind_bearing", round(random.nextDouble() * 360, 1));
      attributes.put("wind_speed", windSpeed);
      attributes.put("wind_speed_unit", "km/h");
      attributes.put("visibility_unit", "km");
      attributes.put("precipitation_unit", "mm");
      attributes.put(
          "attribution",
          "Weather forecast from met.no, delivered by the Norwegian Meteorological Institute.");
      attributes.put("friendly_name", entity.friendlyName());
      attributes.put("supported_features", 3);
      return update(entity, condition, attributes);
    }
  };

  /** How a numeric sensor moves. */
  enum Trend {
    WALK,
    RISING,
    DRAINING
  }

  /** A numeric sensor's unit, classes, range and step; values are rounded to {@code decimals}. */
  record Numeric(
      String unit,
      String deviceClass,
      String stateClass,
      double min,
      double max,
      double start,
      double step,
      int decimals,
      Trend trend) {}

  /** Chance that a numeric sensor drops out for one update, as flaky devices do. */
  private static final double UNAVAILABLE_CHANCE = 0.005;

  private final String domain;
  private final String objectSuffix;
  private final String nameSuffix;
  private final int weight;
  private final Numeric numeric;

  EntityKind(String domain, String objectSuffix, String nameSuffix, int weight, Numeric numeric) {
    this.domain = domain;
    this.objectSuffix = objectSuffix;
    this.nameSuffix = nameSuffix;
    this.weight = weight;
    this.numeric = numeric;
  }

  public String domain() {
    return domain;
  }

  String objectSuffix() {
    return objectSuffix;
  }

  String nameSuffix() {
    return nameSuffix;
  }

  /** Relative update frequency: power meters report more often than batteries. */
  int weight() {
    return weight;
  }

  StateUpdate initial(SimulatedEntity entity, Random random) {
    double value =
        switch (numeric.trend()) {
          case WALK -> numeric.start() + random.nextGaussian() * numeric.step() * 3;
          case RISING -> numeric.start() * (0.5 + random.nextDouble());
          case DRAINING -> 40 + random.nextInt(61);
        };
    return numericUpdate(entity, clampAndRound(value));
  }

  StateUpdate next(SimulatedEntity entity, EntityState current, Random random) {
    BigDecimal previous = parse(current.state().state());
    if (previous != null && random.nextDouble() < UNAVAILABLE_CHANCE) {
      return update(entity, "unavailable", current.state().attributes());
    }
    if (previous == null) {
      return initial(entity, random);
    }
    double value =
        switch (numeric.trend()) {
          case WALK -> previous.doubleValue() + random.nextGaussian() * numeric.step();
          case RISING -> previous.doubleValue() + 0.001 + random.nextDouble() * numeric.step();
          case DRAINING -> previous.doubleValue() < 6 ? 100 : previous.doubleValue() - 1;
        };
    BigDecimal next = clampAndRound(value);
    if (next.compareTo(previous) == 0) {
      BigDecimal unit = BigDecimal.ONE.movePointLeft(numeric.decimals());
      next = next.add(unit).doubleValue() <= numeric.max() ? next.add(unit) : next.subtract(unit);
    }
    return numericUpdate(entity, next);
  }

  private BigDecimal clampAndRound(double value) {
    double clamped = Math.max(numeric.min(), Math.min(numeric.max(), value));
    return BigDecimal.valueOf(clamped).setScale(numeric.decimals(), RoundingMode.HALF_EVEN);
  }

  private StateUpdate numericUpdate(SimulatedEntity entity, BigDecimal value) {
    String state =
        numeric.decimals() == 0 ? value.toBigInteger().toString() : PythonFloat.repr(value);
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("state_class", numeric.stateClass());
    attributes.put("unit_of_measurement", numeric.unit());
    attributes.put("device_class", numeric.deviceClass());
    attributes.put("friendly_name", entity.friendlyName());
    return update(entity, state, attributes);
  }

  private static BigDecimal parse(String state) {
    try {
      return new BigDecimal(state);
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }

  static StateUpdate update(SimulatedEntity entity, String state, Map<String, Object> attributes) {
    return new StateUpdate(entity.entityId(), state, attributes);
  }

  static StateUpdate binary(SimulatedEntity entity, String state, String deviceClass) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("device_class", deviceClass);
    attributes.put("friendly_name", entity.friendlyName());
    return update(entity, state, attributes);
  }

  static String toggle(EntityState current) {
    return "on".equals(current.state().state()) ? "off" : "on";
  }

  static double round(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
  }

  static double number(Object value, double fallback) {
    return value instanceof Number n ? n.doubleValue() : fallback;
  }

  static List<EntityKind> roomKinds() {
    List<EntityKind> kinds = new ArrayList<>(List.of(values()));
    kinds.remove(WEATHER);
    return kinds;
  }
}
