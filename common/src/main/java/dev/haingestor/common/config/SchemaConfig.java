package dev.haingestor.common.config;

import java.util.List;
import java.util.Map;

/**
 * HA's InfluxDB integration options that shape a point, with HA's names and defaults ({@code
 * homeassistant/components/influxdb/__init__.py} and {@code const.py}).
 *
 * @param measurementAttr what names the measurement; default {@code unit_of_measurement}
 * @param defaultMeasurement measurement when the attribute is missing or empty; default none (the
 *     full entity id)
 * @param overrideMeasurement one measurement for every point; default none
 * @param tags static tags added to every point, last, so they win over every other tag
 * @param tagsAttributes attributes written as tags instead of fields
 * @param ignoreAttributes attributes never written
 * @param keepUnavailable write {@code unknown}, {@code unavailable} and empty states as a {@code
 *     state} field instead of skipping them as HA does; default false
 * @param precision timestamp precision of the writes; default {@code ns} (HA's)
 * @param componentConfig entity id → override
 * @param componentConfigDomain domain → override
 * @param componentConfigGlob entity glob → override, applied in the written order
 */
public record SchemaConfig(
    MeasurementAttr measurementAttr,
    String defaultMeasurement,
    String overrideMeasurement,
    Map<String, String> tags,
    List<String> tagsAttributes,
    List<String> ignoreAttributes,
    Boolean keepUnavailable,
    Precision precision,
    Map<String, ComponentConfig> componentConfig,
    Map<String, ComponentConfig> componentConfigDomain,
    Map<String, ComponentConfig> componentConfigGlob) {

  public SchemaConfig {
    measurementAttr =
        measurementAttr == null ? MeasurementAttr.UNIT_OF_MEASUREMENT : measurementAttr;
    tags = Copies.map(tags);
    tagsAttributes = Copies.list(tagsAttributes);
    ignoreAttributes = Copies.list(ignoreAttributes);
    keepUnavailable = keepUnavailable == null ? Boolean.FALSE : keepUnavailable;
    precision = precision == null ? Precision.NS : precision;
    componentConfig = Copies.map(componentConfig);
    componentConfigDomain = Copies.map(componentConfigDomain);
    componentConfigGlob = Copies.map(componentConfigGlob);
  }
}
