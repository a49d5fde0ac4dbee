package dev.haingestor.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityIdsTest {

  @Test
  void acceptsHaEntityIds() {
    assertThat(EntityIds.isValid("sensor.living_room_temperature_2")).isTrue();
    assertThat(EntityIds.isValid("a.b")).isTrue();
    assertThat(EntityIds.isValid("light.x_1")).isTrue();
  }

  @Test
  void refusesWhatHaRefuses() {
    for (String id :
        List.of(
            "",
            ".",
            "sensor",
            "sensor.",
            ".x",
            "sensor._x",
            "sensor.x_",
            "_s.x",
            "s_.x",
            "sensor.a__b",
            "sen__sor.x",
            "Sensor.x",
            "sensor.x.y",
            "sensor.x-y",
            "sensor.é")) {
      assertThat(EntityIds.isValid(id)).as(id).isFalse();
    }
    assertThat(EntityIds.isValid(null)).isFalse();
    assertThat(EntityIds.isValid("s." + "x".repeat(254))).isFalse();
  }

  @Test
  void handWrittenCheckAgreesWithHasRegexOnEveryShortString() {
    char[] alphabet = {'a', '0', '_', '.', 'A', '-'};
    List<String> ids = new ArrayList<>();
    ids.add("");
    for (int length = 1; length <= 6; length++) {
      long combinations = (long) Math.pow(alphabet.length, length);
      for (long n = 0; n < combinations; n++) {
        long rest = n;
        char[] id = new char[length];
        for (int i = 0; i < length; i++) {
          id[i] = alphabet[(int) (rest % alphabet.length)];
          rest /= alphabet.length;
        }
        ids.add(new String(id));
      }
    }
    for (String id : ids) {
      assertThat(EntityIds.matchesValidShape(id)).as(id).isEqualTo(EntityIds.matchesPattern(id));
    }
  }
}
