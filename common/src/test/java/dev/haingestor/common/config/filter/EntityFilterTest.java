package dev.haingestor.common.config.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.config.EntityMatch;
import dev.haingestor.common.config.FilterConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden cases of HA's entity filter, taken case by case from home-assistant/core {@code
 * tests/helpers/test_entityfilter.py} (same names, same sets, same assertions) for {@code
 * generate_filter(incl_dom, incl_ent, excl_dom, excl_ent, incl_glob, excl_glob)} as implemented by
 * {@code _generate_filter_from_sets_and_pattern_lists} in {@code
 * homeassistant/helpers/entityfilter.py}.
 */
class EntityFilterTest {

  private static EntityFilter filter(
      List<String> inclDom,
      List<String> inclEnt,
      List<String> exclDom,
      List<String> exclEnt,
      List<String> inclGlob,
      List<String> exclGlob) {
    return EntityFilter.of(
        new FilterConfig(
            new EntityMatch(inclDom, inclEnt, inclGlob),
            new EntityMatch(exclDom, exclEnt, exclGlob)));
  }

  private static EntityFilter filter(
      List<String> inclDom, List<String> inclEnt, List<String> exclDom, List<String> exclEnt) {
    return filter(inclDom, inclEnt, exclDom, exclEnt, List.of(), List.of());
  }

  @Test
  void noFiltersCase1() {
    EntityFilter testfilter = filter(List.of(), List.of(), List.of(), List.of());

    for (String value : List.of("sensor.test", "sun.sun", "light.test")) {
      assertThat(testfilter.test(value)).as(value).isTrue();
    }
    assertThat(testfilter.allowsAll()).isTrue();
  }

  @Test
  void noSectionLetsEverythingPass() {
    assertThat(EntityFilter.of(null).test("sensor.test")).isTrue();
    assertThat(EntityFilter.allowAll().allowsAll()).isTrue();
  }

  @Test
  void includesOnlyCase2() {
    EntityFilter testfilter =
        filter(List.of("light", "sensor"), List.of("binary_sensor.working"), List.of(), List.of());

    assertThat(testfilter.test("sensor.test")).isTrue();
    assertThat(testfilter.test("light.test")).isTrue();
    assertThat(testfilter.test("binary_sensor.working")).isTrue();
    assertThat(testfilter.test("binary_sensor.notworking")).isFalse();
    assertThat(testfilter.test("sun.sun")).isFalse();
  }

  @Test
  void includesOnlyWithGlobCase2() {
    EntityFilter testfilter =
        filter(
            List.of("light", "sensor"),
            List.of("binary_sensor.working"),
            List.of(),
            List.of(),
            List.of("cover.*_window"),
            List.of());

    assertThat(testfilter.test("sensor.test")).isTrue();
    assertThat(testfilter.test("light.test")).isTrue();
    assertThat(testfilter.test("cover.bedroom_window")).isTrue();
    assertThat(testfilter.test("binary_sensor.working")).isTrue();
    assertThat(testfilter.test("binary_sensor.notworking")).isFalse();
    assertThat(testfilter.test("sun.sun")).isFalse();
    assertThat(testfilter.test("cover.garage_door")).isFalse();
  }

  @Test
  void excludesOnlyCase3() {
    EntityFilter testfilter =
        filter(List.of(), List.of(), List.of("light", "sensor"), List.of("binary_sensor.working"));

    assertThat(testfilter.test("sensor.test")).isFalse();
    assertThat(testfilter.test("light.test")).isFalse();
    assertThat(testfilter.test("binary_sensor.working")).isFalse();
    assertThat(testfilter.test("binary_sensor.another")).isTrue();
    assertThat(testfilter.test("sun.sun")).isTrue();
  }

  @Test
  void excludesOnlyWithGlobCase3() {
    EntityFilter testfilter =
        filter(
            List.of(),
            List.of(),
            List.of("light", "sensor"),
            List.of("binary_sensor.working"),
            List.of(),
            List.of("cover.*_window"));

    assertThat(testfilter.test("sensor.test")).isFalse();
    assertThat(testfilter.test("light.test")).isFalse();
    assertThat(testfilter.test("cover.bedroom_window")).isFalse();
    assertThat(testfilter.test("binary_sensor.working")).isFalse();
    assertThat(testfilter.test("binary_sensor.another")).isTrue();
    assertThat(testfilter.test("sun.sun")).isTrue();
    assertThat(testfilter.test("cover.garage_door")).isTrue();
  }

  @Test
  void withIncludeDomainCase4() {
    EntityFilter testfilter =
        filter(
            List.of("light", "sensor"),
            List.of("binary_sensor.working"),
            List.of(),
            List.of("light.ignoreme", "sensor.notworking"));

    assertThat(testfilter.test("sensor.test")).isTrue();
    assertThat(testfilter.test("sensor.notworking")).isFalse();
    assertThat(testfilter.test("light.test")).isTrue();
    assertThat(testfilter.test("light.ignoreme")).isFalse();
    assertThat(testfilter.test("binary_sensor.working")).isTrue();
    assertThat(testfilter.test("binary_sensor.another")).isFalse();
    assertThat(testfilter.test("sun.sun")).isFalse();
  }

  @Test
  void withIncludeDomainExcludeGlobCase4() {
    EntityFilter testfilter =
        filter(
            List.of("light", "sensor"),
            List.of("binary_sensor.working"),
            List.of(),
            List.of("light.ignoreme", "sensor.notworking"),
            List.of(),
            List.of("sensor.busted"));

    assertThat(testfilter.test("sensor.test")).isTrue();
    assertThat(testfilter.test("sensor.busted")).isFalse();
    assertThat(testfilter.test("sensor.notworking")).isFalse();
    assertThat(testfilter.test("light.test")).isTrue();
    assertThat(testfilter.test("light.ignoreme")).isFalse();
    assertThat(testfilter.test("binary_sensor.working")).isTrue();
    assertThat(testfilter.test("binary_sensor.another")).isFalse();
    assertThat(testfilter.test("sun.sun")).isFalse();
  }

  @Test
  void withIncludeGlobCase4() {
    EntityFilter testfilter =
        filter(
            List.of(),
            List.of("binary_sensor.working"),
            List.of(),
            List.of("light.ignoreme", "sensor.notworking"),
            List.of("light.*", "sensor.*"),
            List.of());

    assertThat(testfilter.test("sensor.test")).isTrue();
    assertThat(testfilter.test("sensor.notworking")).isFalse();
    assertThat(testfilter.test("light.test")).isTrue();
    assertThat(testfilter.test("light.ignoreme")).isFalse();
    assertThat(testfilter.test("binary_sensor.working")).isTrue();
    assertThat(testfilter.test("binary_sensor.another")).isFalse();
    assertThat(testfilter.test("sun.sun")).isFalse();
  }

  @Test
  void withIncludeDomainGlobFilteringCase4() {
    EntityFilter testfilter =
        filter(
            List.of("light"),
            List.of(),
            List.of("binary_sensor"),
            List.of("light.ignoreme"),
            List.of("*working"),
            List.of("*notworking"));

    assertThat(testfilter.test("sensor.working")).isTrue();
    assertThat(testfilter.test("sensor.notworking")).isTrue(); // include is stronger
    assertThat(testfilter.test("light.test")).isTrue();
    assertThat(testfilter.test("light.notworking")).isTrue(); // include is stronger
    assertThat(testfilter.test("light.ignoreme")).isFalse();
    assertThat(testfilter.test("binary_sensor.not_working")).isTrue(); // include is stronger
    assertThat(testfilter.test("binary_sensor.another")).isFalse();
    assertThat(testfilter.test("sun.sun")).isFalse();
  }

  @Test
  void withIncludeDomainGlobFilteringCase4aIncludeStrong() {
    EntityFilter testfilter =
        filter(
            List.of("light"),
            List.of("binary_sensor.specificly_included"),
            List.of("binary_sensor"),
            List.of("light.ignoreme"),
            List.of("*working"),
            List.of("*notworking"));

    assertThat(testfilter.test("sensor.working")).isTrue();
    assertThat(testfilter.test("sensor.notworking")).isTrue(); // include is stronger
    assertThat(testfilter.test("light.test")).isTrue();
    assertThat(testfilter.test("light.notworking")).isTrue(); // include is stronger
    assertThat(testfilter.test("light.ignoreme")).isFalse();
    assertThat(testfilter.test("binary_sensor.not_working")).isTrue(); // include is stronger
    assertThat(testfilter.test("binary_sensor.another")).isFalse();
    assertThat(testfilter.test("binary_sensor.specificly_included")).isTrue();
    assertThat(testfilter.test("sun.sun")).isFalse();
  }

  @Test
  void withIncludeGlobFilteringCase4aIncludeStrong() {
    EntityFilter testfilter =
        filter(
            List.of(),
            List.of("binary_sensor.specificly_included"),
            List.of(),
            List.of("light.ignoreme"),
            List.of("*working"),
            List.of("*broken", "*notworking", "binary_sensor.*"));

    assertThat(testfilter.test("sensor.working")).isTrue();
    assertThat(testfilter.test("sensor.notworking")).isTrue(); // include is stronger
    assertThat(testfilter.test("sensor.broken")).isFalse();
    assertThat(testfilter.test("light.test")).isFalse();
    assertThat(testfilter.test("light.notworking")).isTrue(); // include is stronger
    assertThat(testfilter.test("light.ignoreme")).isFalse();
    assertThat(testfilter.test("binary_sensor.not_working")).isTrue(); // include is stronger
    assertThat(testfilter.test("binary_sensor.another")).isFalse();
    assertThat(testfilter.test("binary_sensor.specificly_included")).isTrue();
    assertThat(testfilter.test("sun.sun")).isFalse();
  }

  @Test
  void excludeDomainCase5() {
    EntityFilter testfilter =
        filter(
            List.of(),
            List.of("binary_sensor.working"),
            List.of("binary_sensor"),
            List.of("light.ignoreme", "sensor.notworking"));

    assertThat(testfilter.test("sensor.test")).isTrue();
    assertThat(testfilter.test("sensor.notworking")).isFalse();
    assertThat(testfilter.test("light.test")).isTrue();
    assertThat(testfilter.test("light.ignoreme")).isFalse();
    assertThat(testfilter.test("binary_sensor.working")).isTrue();
    assertThat(testfilter.test("binary_sensor.another")).isFalse();
    assertThat(testfilter.test("sun.sun")).isTrue();
  }

  @Test
  void excludeGlobCase5() {
    EntityFilter testfilter =
        filter(
            List.of(),
            List.of("binary_sensor.working"),
            List.of(),
            List.of("light.ignoreme", "sensor.notworking"),
            List.of(),
            List.of("binary_sensor.*"));

    assertThat(testfilter.test("sensor.test")).isTrue();
    assertThat(testfilter.test("sensor.notworking")).isFalse();
    assertThat(testfilter.test("light.test")).isTrue();
    assertThat(testfilter.test("light.ignoreme")).isFalse();
    assertThat(testfilter.test("binary_sensor.working")).isTrue();
    assertThat(testfilter.test("binary_sensor.another")).isFalse();
    assertThat(testfilter.test("sun.sun")).isTrue();
  }

  @Test
  void excludeGlobCase5IncludeStrong() {
    EntityFilter testfilter =
        filter(
            List.of(),
            List.of("binary_sensor.working"),
            List.of("binary_sensor"),
            List.of("light.ignoreme", "sensor.notworking"),
            List.of(),
            List.of("binary_sensor.*"));

    assertThat(testfilter.test("sensor.test")).isTrue();
    assertThat(testfilter.test("sensor.notworking")).isFalse();
    assertThat(testfilter.test("light.test")).isTrue();
    assertThat(testfilter.test("light.ignoreme")).isFalse();
    assertThat(testfilter.test("binary_sensor.working")).isTrue();
    assertThat(testfilter.test("binary_sensor.another")).isFalse();
    assertThat(testfilter.test("sun.sun")).isTrue();
  }

  @Test
  void noDomainCase6() {
    EntityFilter testfilter =
        filter(
            List.of(),
            List.of("binary_sensor.working"),
            List.of(),
            List.of("light.ignoreme", "sensor.notworking"));

    assertThat(testfilter.test("sensor.test")).isFalse();
    assertThat(testfilter.test("sensor.notworking")).isFalse();
    assertThat(testfilter.test("light.test")).isFalse();
    assertThat(testfilter.test("light.ignoreme")).isFalse();
    assertThat(testfilter.test("binary_sensor.working")).isTrue();
    assertThat(testfilter.test("binary_sensor.another")).isFalse();
    assertThat(testfilter.test("sun.sun")).isFalse();
  }

  /** HA's {@code test_get_filter}: the include/exclude schema form. */
  @Test
  void getFilter() {
    EntityFilter testfilter =
        filter(
            List.of("light"),
            List.of("switch.kitchen"),
            List.of("cover"),
            List.of("light.kitchen"),
            List.of("sensor.kitchen_*"),
            List.of("sensor.weather_*"));

    assertThat(testfilter.test("light.any")).isTrue();
    assertThat(testfilter.test("switch.other")).isFalse();
    assertThat(testfilter.test("sensor.kitchen_4")).isTrue();
    assertThat(testfilter.test("switch.kitchen")).isTrue();
  }

  /** HA's {@code test_complex_include_exclude_filter}. */
  @Test
  void complexIncludeExcludeFilter() {
    EntityFilter testfilter =
        filter(
            List.of("switch", "person"),
            List.of("group.family"),
            List.of(
                "alarm_control_panel",
                "alert",
                "automation",
                "button",
                "camera",
                "climate",
                "counter",
                "cover",
                "geo_location",
                "group",
                "input_boolean",
                "input_datetime",
                "input_number",
                "input_select",
                "input_text",
                "light",
                "media_player",
                "number",
                "proximity",
                "remote",
                "scene",
                "script",
                "sun",
                "timer",
                "updater",
                "variable",
                "weather",
                "zone"),
            List.of("sensor.solaredge_last_updatetime", "sensor.solaredge_last_changed"),
            List.of(
                "sensor.*_sensor_temperature",
                "sensor.*_actueel",
                "sensor.*_totaal",
                "sensor.calculated*",
                "sensor.solaredge_*",
                "sensor.speedtest*",
                "sensor.teller*",
                "sensor.zp*",
                "binary_sensor.*_sensor_motion",
                "binary_sensor.*_door",
                "sensor.water_*ly",
                "sensor.gas_*ly"),
            List.of("switch.*_light_level", "switch.sonos_*"));

    assertThat(testfilter.test("switch.espresso_keuken")).isTrue();
  }

  @Test
  void cachedResultsStayCorrect() {
    EntityFilter testfilter = filter(List.of("light"), List.of(), List.of(), List.of());

    for (int round = 0; round < 3; round++) {
      assertThat(testfilter.test("light.a")).isTrue();
      assertThat(testfilter.test("sensor.a")).isFalse();
    }
  }
}
