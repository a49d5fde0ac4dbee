package dev.haingestor.ingestion.shaping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.common.config.AttributeConfig;
import dev.haingestor.common.config.AttributeRules;
import dev.haingestor.common.config.EntityMatch;
import dev.haingestor.common.config.FilterConfig;
import dev.haingestor.common.config.IngestionConfig;
import dev.haingestor.common.config.InvalidRuntimeConfigException;
import dev.haingestor.common.config.RuntimeConfig;
import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.StateChangedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapingHolderTest {

  private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

  @Test
  void startsFromTheEnvironment() {
    ShapingHolder holder =
        holder(
            new FilterProperties(
                List.of(), List.of(), List.of(), List.of("automation"), List.of(), List.of()),
            new AttributeProperties(List.of(), List.of("icon"), Map.of()),
            new IngestionShapingProperties(250, true, Duration.ofHours(1)));

    Shaping shaping = holder.current();

    assertThat(shaping.configVersion()).isZero();
    assertThat(shaping.admits("sensor.a")).isTrue();
    assertThat(shaping.admits("automation.x")).isFalse();
    assertThat(holder.maxEventsPerSecond()).isEqualTo(250);
    assertThat(shaping.snapshotOnStart()).isTrue();
    assertThat(shaping.republishInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(
            shaping
                .shape(event("sensor.a", Map.of("icon", "mdi:x", "unit", "W")))
                .newState()
                .attributes())
        .containsOnlyKeys("unit");
  }

  @Test
  void runtimeSectionsReplaceTheEnvironmentsSectionBySection() {
    ShapingHolder holder =
        holder(
            new FilterProperties(
                List.of(), List.of(), List.of(), List.of("automation"), List.of(), List.of()),
            new AttributeProperties(List.of(), List.of("icon"), Map.of()),
            new IngestionShapingProperties(250, false, Duration.ZERO));
    RuntimeConfig config =
        new RuntimeConfig(
            3,
            null,
            null,
            new FilterConfig(
                new EntityMatch(List.of("sensor"), List.of(), List.of()), EntityMatch.NONE),
            null,
            new IngestionConfig(10, null, null),
            null,
            null,
            null);

    assertThat(holder.apply(config)).isTrue();

    Shaping shaping = holder.current();
    assertThat(shaping.configVersion()).isEqualTo(3);
    assertThat(shaping.admits("sensor.a")).isTrue();
    assertThat(shaping.admits("light.a")).isFalse();
    assertThat(shaping.admits("automation.x")).isFalse();
    assertThat(holder.maxEventsPerSecond()).isEqualTo(10);
    // attributes section absent: the environment's ignore list stays
    assertThat(shaping.shape(event("sensor.a", Map.of("icon", "x"))).newState().attributes())
        .isEmpty();
  }

  @Test
  void perDomainAttributeRulesApply() {
    ShapingHolder holder =
        holder(
            new FilterProperties(List.of(), List.of(), List.of(), List.of(), List.of(), List.of()),
            new AttributeProperties(
                List.of(),
                List.of(),
                Map.of("climate", new AttributeRules(List.of("temperature"), List.of()))),
            new IngestionShapingProperties(0, false, Duration.ZERO));

    Shaping shaping = holder.current();

    assertThat(
            shaping
                .shape(event("climate.hall", Map.of("temperature", 20, "hvac_modes", "x")))
                .newState()
                .attributes())
        .containsOnlyKeys("temperature");
    assertThat(shaping.shape(event("sensor.a", Map.of("hvac_modes", "x"))).newState().attributes())
        .containsOnlyKeys("hvac_modes");
  }

  @Test
  void refusesAnInvalidRuntimeConfigurationAndKeepsTheCurrentOne() {
    ShapingHolder holder =
        holder(empty(), new AttributeProperties(List.of(), List.of(), Map.of()), rate(0));
    RuntimeConfig invalid =
        new RuntimeConfig(
            4,
            null,
            null,
            null,
            new AttributeConfig(List.of(" "), List.of(), Map.of()),
            new IngestionConfig(-5, null, null),
            null,
            null,
            null);

    assertThat(holder.apply(invalid)).isFalse();
    assertThat(holder.current().configVersion()).isZero();
  }

  @Test
  void refusesAnInvalidEnvironmentAtStartup() {
    assertThatThrownBy(
            () ->
                holder(
                    new FilterProperties(
                        List.of("Not A Domain"),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of()),
                    new AttributeProperties(List.of(), List.of(), Map.of()),
                    rate(0)))
        .isInstanceOf(InvalidRuntimeConfigException.class)
        .hasMessageContaining("filter.include.domains");
  }

  private static FilterProperties empty() {
    return new FilterProperties(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
  }

  private static IngestionShapingProperties rate(int rate) {
    return new IngestionShapingProperties(rate, false, Duration.ZERO);
  }

  private static ShapingHolder holder(
      FilterProperties filter, AttributeProperties attributes, IngestionShapingProperties rest) {
    return new ShapingHolder(filter, attributes, rest);
  }

  private static StateChangedEvent event(String entityId, Map<String, Object> attributes) {
    return new StateChangedEvent(
        entityId, T, new HaState(entityId, "1", attributes, T, T), EventSource.LIVE, T);
  }
}
