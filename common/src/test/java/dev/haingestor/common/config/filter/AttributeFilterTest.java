package dev.haingestor.common.config.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.config.AttributeConfig;
import dev.haingestor.common.config.AttributeRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeFilterTest {

  private static final Map<String, Object> ATTRIBUTES = attributes();

  @Test
  void noSectionKeepsEveryAttributeWithoutCopying() {
    AttributeFilter filter = AttributeFilter.of(null);

    assertThat(filter.apply("sensor", ATTRIBUTES)).isSameAs(ATTRIBUTES);
    assertThat(filter.keeps("sensor", "anything")).isTrue();
  }

  @Test
  void ignoreDropsListedAttributesAndKeepsTheOrder() {
    AttributeFilter filter =
        AttributeFilter.of(new AttributeConfig(null, List.of("icon", "friendly_name"), null));

    assertThat(filter.apply("sensor", ATTRIBUTES))
        .containsExactly(Map.entry("unit_of_measurement", "W"), Map.entry("device_class", "power"));
  }

  @Test
  void aNonEmptyAllowListKeepsOnlyThose() {
    AttributeFilter filter =
        AttributeFilter.of(new AttributeConfig(List.of("device_class", "missing"), null, null));

    assertThat(filter.apply("sensor", ATTRIBUTES)).containsOnlyKeys("device_class");
  }

  @Test
  void ignoreWinsOverAllow() {
    AttributeFilter filter =
        AttributeFilter.of(
            new AttributeConfig(List.of("icon", "device_class"), List.of("icon"), null));

    assertThat(filter.apply("sensor", ATTRIBUTES)).containsOnlyKeys("device_class");
  }

  @Test
  void aDomainAllowListReplacesTheGlobalOneAndIgnoresAdd() {
    AttributeFilter filter =
        AttributeFilter.of(
            new AttributeConfig(
                List.of("friendly_name"),
                List.of("icon"),
                Map.of(
                    "climate", new AttributeRules(List.of("icon", "temperature"), List.of()),
                    "light", new AttributeRules(List.of(), List.of("friendly_name")))));

    assertThat(filter.keeps("climate", "temperature")).isTrue();
    assertThat(filter.keeps("climate", "friendly_name")).isFalse();
    assertThat(filter.keeps("climate", "icon")).isFalse(); // the global ignore still applies
    assertThat(filter.keeps("light", "friendly_name")).isFalse(); // global allow, domain ignore
    assertThat(filter.keeps("sensor", "friendly_name")).isTrue();
    assertThat(filter.keeps("sensor", "device_class")).isFalse();
  }

  @Test
  void keepsNullValuedAttributes() {
    Map<String, Object> withNull = new LinkedHashMap<>();
    withNull.put("reading", null);
    withNull.put("icon", "mdi:x");
    AttributeFilter filter = AttributeFilter.of(new AttributeConfig(null, List.of("icon"), null));

    assertThat(filter.apply("sensor", withNull))
        .containsOnlyKeys("reading")
        .containsEntry("reading", null);
  }

  private static Map<String, Object> attributes() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("unit_of_measurement", "W");
    attributes.put("friendly_name", "Kitchen power");
    attributes.put("icon", "mdi:flash");
    attributes.put("device_class", "power");
    return attributes;
  }
}
