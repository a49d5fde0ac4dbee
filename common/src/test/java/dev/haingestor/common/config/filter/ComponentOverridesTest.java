package dev.haingestor.common.config.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.config.ComponentConfig;
import dev.haingestor.common.config.SchemaConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Precedence of HA's {@code component_config*}, as {@code EntityValues.get} in {@code
 * homeassistant/helpers/entity_values.py}: domain, then every matching glob in order, then the
 * entity; each level's set fields win.
 */
class ComponentOverridesTest {

  private final ComponentOverrides overrides = ComponentOverrides.of(schema());

  @Test
  void nothingAppliesToAnUnconfiguredEntity() {
    assertThat(overrides.forEntity("switch.a")).isEqualTo(ComponentConfig.NONE);
    assertThat(ComponentOverrides.of(null).forEntity("sensor.a")).isEqualTo(ComponentConfig.NONE);
  }

  @Test
  void theDomainLevelApplies() {
    assertThat(overrides.forEntity("sensor.other"))
        .isEqualTo(new ComponentConfig("sensors", List.of("icon")));
  }

  @Test
  void aGlobOverridesOnlyTheFieldsItSets() {
    assertThat(overrides.forEntity("sensor.kitchen_power"))
        .isEqualTo(new ComponentConfig("power", List.of("icon")));
  }

  @Test
  void laterGlobsWinOverEarlierOnes() {
    assertThat(overrides.forEntity("sensor.kitchen_power_total"))
        .isEqualTo(new ComponentConfig("power", List.of("last_reset")));
  }

  @Test
  void theEntityLevelWinsLast() {
    assertThat(overrides.forEntity("sensor.kitchen_power"))
        .isNotEqualTo(overrides.forEntity("sensor.main_power"));
    assertThat(overrides.forEntity("sensor.main_power"))
        .isEqualTo(new ComponentConfig("main", List.of("icon")));
  }

  private static SchemaConfig schema() {
    Map<String, ComponentConfig> globs = new LinkedHashMap<>();
    globs.put("sensor.*_power*", new ComponentConfig("power", null));
    globs.put("sensor.*_total", new ComponentConfig(null, List.of("last_reset")));
    return new SchemaConfig(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Map.of("sensor.main_power", new ComponentConfig("main", null)),
        Map.of("sensor", new ComponentConfig("sensors", List.of("icon"))),
        globs);
  }
}
