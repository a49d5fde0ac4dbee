package dev.haingestor.admin.entities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.admin.problem.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntityQueryTest {

  private static EntityView entity(String id, String friendlyName) {
    return new EntityView(
        id, id.substring(0, id.indexOf('.')), "on", null, null, friendlyName, null, null);
  }

  @Test
  void defaultsToEverythingInPagesOfHundred() {
    assertThat(EntityQuery.parse(null, "", null, " "))
        .isEqualTo(new EntityQuery(null, null, 0, 100));
  }

  @Test
  void matchesDomainAndTextInIdOrFriendlyNameIgnoringCase() {
    EntityQuery query = EntityQuery.parse("sensor", "Kitchen", null, null);

    assertThat(query.matches(entity("sensor.kitchen_temp", null))).isTrue();
    assertThat(query.matches(entity("sensor.t1", "Temperature KITCHEN"))).isTrue();
    assertThat(query.matches(entity("light.kitchen", null))).isFalse();
    assertThat(query.matches(entity("sensor.living", "Living"))).isFalse();
  }

  @Test
  void treatsSearchAsLiteralText() {
    EntityQuery query = EntityQuery.parse(null, ".*", null, null);

    assertThat(query.matches(entity("sensor.anything", null))).isFalse();
    assertThat(query.matches(entity("sensor.x", "a .* b"))).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "domain, Sensor",
    "domain, sensor;",
    "domain, sensor' OR '1'='1",
    "offset, -1",
    "offset, 1000001",
    "offset, x",
    "limit, 0",
    "limit, 1001"
  })
  void rejectsBadParameters(String parameter, String value) {
    assertThatThrownBy(
            () ->
                EntityQuery.parse(
                    parameter.equals("domain") ? value : null,
                    null,
                    parameter.equals("offset") ? value : null,
                    parameter.equals("limit") ? value : null))
        .isInstanceOfSatisfying(
            InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo(parameter));
  }

  @Test
  void rejectsLongOrControlCharacterSearches() {
    assertThatThrownBy(() -> EntityQuery.parse(null, "x".repeat(101), null, null))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> EntityQuery.parse(null, "a\u0000b", null, null))
        .isInstanceOf(InvalidParameterException.class);
  }
}
