package dev.haingestor.common.config.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.common.config.EntityGlob;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Expectations from Python's {@code fnmatch.fnmatchcase}, which HA's globs follow. */
class EntityGlobTest {

  private static boolean matches(String glob, String entityId) {
    return EntityGlob.compile(glob).matcher(entityId).matches();
  }

  @Test
  void starMatchesAnyRunIncludingEmptyAndDots() {
    assertThat(matches("sensor.*", "sensor.")).isTrue();
    assertThat(matches("sensor.*", "sensor.a.b")).isTrue();
    assertThat(matches("*_power", "sensor.kitchen_power")).isTrue();
    assertThat(matches("sensor.**_x", "sensor.a_x")).isTrue();
  }

  @Test
  void questionMarkMatchesExactlyOneCharacter() {
    assertThat(matches("sensor.t?", "sensor.t1")).isTrue();
    assertThat(matches("sensor.t?", "sensor.t")).isFalse();
    assertThat(matches("sensor.t?", "sensor.t12")).isFalse();
  }

  @Test
  void dotIsLiteral() {
    assertThat(matches("sensor.x", "sensorax")).isFalse();
  }

  @Test
  void theWholeIdMustMatchCaseSensitively() {
    assertThat(matches("sensor.temp", "sensor.temp_2")).isFalse();
    assertThat(matches("emp", "sensor.temp")).isFalse();
    assertThat(matches("sensor.*", "Sensor.temp")).isFalse();
  }

  @Test
  void bracketsMatchOneOfOrNoneOf() {
    assertThat(matches("sensor.t[12]", "sensor.t2")).isTrue();
    assertThat(matches("sensor.t[12]", "sensor.t3")).isFalse();
    assertThat(matches("sensor.t[!12]", "sensor.t3")).isTrue();
    assertThat(matches("sensor.t[!12]", "sensor.t1")).isFalse();
    assertThat(matches("sensor.t[a-c]", "sensor.tb")).isTrue();
    assertThat(matches("sensor.t[a-c]", "sensor.td")).isFalse();
    assertThat(matches("sensor.t[-a]", "sensor.t-")).isTrue();
  }

  @Test
  void anUnclosedBracketIsLiteral() {
    assertThat(matches("sensor.[x", "sensor.[x")).isTrue();
    assertThat(matches("sensor.[x", "sensor.x")).isFalse();
  }

  @Test
  void combinesGlobsAsAnyOf() {
    Pattern any = EntityGlob.compileAny(List.of("light.*", "*_door"));

    assertThat(any.matcher("light.a").matches()).isTrue();
    assertThat(any.matcher("binary_sensor.front_door").matches()).isTrue();
    assertThat(any.matcher("sensor.a").matches()).isFalse();
    assertThat(EntityGlob.compileAny(List.of())).isNull();
  }

  @Test
  void aReversedRangeIsRejected() {
    assertThatThrownBy(() -> EntityGlob.compile("sensor.[z-a]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sensor.[z-a]");
  }
}
