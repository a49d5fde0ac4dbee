package dev.haingestor.enrichment.point;

import java.util.Map;
import java.util.Set;

/**
 * The optional unit normalisation ({@code INFLUXDB_NORMALIZE_UNITS}): a numeric state in a known
 * unit also gets {@value #VALUE_FIELD} (the value in the canonical unit of its quantity) and
 * {@value #UNIT_FIELD} (that unit), next to HA's untouched {@code value}. A sensor whose unit is
 * changed in HA (°F → °C) moves to another measurement under HA's schema, but its canonical field
 * continues the same curve, so a query on {@value #VALUE_FIELD} by {@code entity_id} never breaks.
 *
 * <p>Canonical units: temperature °C (from °F, K), energy kWh (Wh, MWh), power W (kW, MW), pressure
 * hPa (mbar, Pa, kPa, bar, cbar, inHg, psi, mmHg), speed m/s (km/h, mph, kn, ft/s). The quantity
 * comes from the unit; when the state has a {@code device_class}, it must belong to that quantity
 * (a {@code W} sensor of class {@code energy} is left alone). Factors as HA's {@code
 * homeassistant/util/unit_conversion.py} defines them.
 */
public final class UnitNormalizer {

  static final String VALUE_FIELD = "value_canonical";
  static final String UNIT_FIELD = "canonical_unit_str";

  private enum Quantity {
    TEMPERATURE("°C", "temperature"),
    ENERGY("kWh", "energy", "energy_storage"),
    POWER("W", "power"),
    PRESSURE("hPa", "pressure", "atmospheric_pressure"),
    SPEED("m/s", "speed", "wind_speed");

    final String canonical;
    final Set<String> deviceClasses;

    Quantity(String canonical, String... deviceClasses) {
      this.canonical = canonical;
      this.deviceClasses = Set.of(deviceClasses);
    }
  }

  /** value_in_canonical = value * factor + offset. */
  private record Conversion(Quantity quantity, double factor, double offset) {}

  // HA unit_conversion.py: inHg = 3386.389 Pa, psi = 6894.757 Pa, mmHg = 133.322387415 Pa,
  // mph = 0.44704 m/s (international mile), kn = 1852/3600 m/s, ft = 0.3048 m.
  private static final Map<String, Conversion> CONVERSIONS =
      Map.ofEntries(
          Map.entry("°C", new Conversion(Quantity.TEMPERATURE, 1, 0)),
          Map.entry("°F", new Conversion(Quantity.TEMPERATURE, 5.0 / 9.0, -32 * 5.0 / 9.0)),
          Map.entry("K", new Conversion(Quantity.TEMPERATURE, 1, -273.15)),
          Map.entry("kWh", new Conversion(Quantity.ENERGY, 1, 0)),
          Map.entry("Wh", new Conversion(Quantity.ENERGY, 0.001, 0)),
          Map.entry("MWh", new Conversion(Quantity.ENERGY, 1000, 0)),
          Map.entry("W", new Conversion(Quantity.POWER, 1, 0)),
          Map.entry("kW", new Conversion(Quantity.POWER, 1000, 0)),
          Map.entry("MW", new Conversion(Quantity.POWER, 1_000_000, 0)),
          Map.entry("hPa", new Conversion(Quantity.PRESSURE, 1, 0)),
          Map.entry("mbar", new Conversion(Quantity.PRESSURE, 1, 0)),
          Map.entry("Pa", new Conversion(Quantity.PRESSURE, 0.01, 0)),
          Map.entry("kPa", new Conversion(Quantity.PRESSURE, 10, 0)),
          Map.entry("bar", new Conversion(Quantity.PRESSURE, 1000, 0)),
          Map.entry("cbar", new Conversion(Quantity.PRESSURE, 100, 0)),
          Map.entry("inHg", new Conversion(Quantity.PRESSURE, 33.86389, 0)),
          Map.entry("psi", new Conversion(Quantity.PRESSURE, 68.94757, 0)),
          Map.entry("mmHg", new Conversion(Quantity.PRESSURE, 1.33322387415, 0)),
          Map.entry("m/s", new Conversion(Quantity.SPEED, 1, 0)),
          Map.entry("km/h", new Conversion(Quantity.SPEED, 1 / 3.6, 0)),
          Map.entry("mph", new Conversion(Quantity.SPEED, 0.44704, 0)),
          Map.entry("kn", new Conversion(Quantity.SPEED, 1852.0 / 3600.0, 0)),
          Map.entry("ft/s", new Conversion(Quantity.SPEED, 0.3048, 0)));

  private UnitNormalizer() {}

  /** Adds the canonical fields when the unit is known and fits the device class. */
  static void addCanonicalFields(
      Map<String, Object> fields, double value, Object unit, Object deviceClass) {
    if (!(unit instanceof String unitText)) {
      return;
    }
    Conversion conversion = CONVERSIONS.get(unitText);
    if (conversion == null) {
      return;
    }
    if (deviceClass instanceof String dc && !conversion.quantity().deviceClasses.contains(dc)) {
      return;
    }
    double canonical = value * conversion.factor() + conversion.offset();
    if (!Double.isFinite(canonical)) {
      return;
    }
    fields.put(VALUE_FIELD, canonical);
    fields.put(UNIT_FIELD, conversion.quantity().canonical);
  }

  /**
   * The value converted to the canonical unit of its quantity (°C, kWh, W, hPa, m/s), or null when
   * the unit is unknown.
   */
  public static Double toCanonical(double value, String unit) {
    Conversion conversion = CONVERSIONS.get(unit);
    return conversion == null ? null : value * conversion.factor() + conversion.offset();
  }
}
