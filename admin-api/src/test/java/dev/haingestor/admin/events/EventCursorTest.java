package dev.haingestor.admin.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.admin.problem.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCursorTest {

  private static final Instant START = Instant.parse("2024-05-01T00:00:00Z");
  private static final Instant END = Instant.parse("2024-05-02T00:00:00Z");

  private static String base64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void survivesTheRoundTripWithNanoseconds() {
    EventCursor cursor =
        new EventCursor(
            START,
            END,
            "abc",
            Instant.parse("2024-05-01T10:00:00.123456789Z"),
            "sensor.x",
            "°C",
            3);

    String text = cursor.encode();

    assertThat(text).matches("[A-Za-z0-9_-]+");
    assertThat(EventCursor.decode(text)).isEqualTo(cursor);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not base64!",
        "e30",
        "eyJ2IjoyfQ",
        "' OR '1'='1",
        "SELECT * FROM x; DROP DATABASE y"
      })
  void rejectsWhatIsNotACursor(String text) {
    assertThatThrownBy(() -> EventCursor.decode(text))
        .isInstanceOfSatisfying(
            InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("cursor"));
  }

  @Test
  void rejectsPositionsOutsideTheRangeAndBadCounts() {
    String outside =
        base64(
            "{\"v\":1,\"s\":1000,\"e\":2000,\"q\":\"x\",\"t\":3000,\"id\":\"a.b\",\"m\":\"m\",\"n\":1}");
    String zero =
        base64(
            "{\"v\":1,\"s\":1000,\"e\":2000,\"q\":\"x\",\"t\":1500,\"id\":\"a.b\",\"m\":\"m\",\"n\":0}");
    String typed =
        base64(
            "{\"v\":1,\"s\":\"1000\",\"e\":2000,\"q\":\"x\",\"t\":1500,\"id\":\"a.b\",\"m\":\"m\",\"n\":1}");

    for (String text : new String[] {outside, zero, typed, "A".repeat(3000)}) {
      assertThatThrownBy(() -> EventCursor.decode(text))
          .isInstanceOf(InvalidParameterException.class);
    }
  }

  @Test
  void digestsTheSelection() {
    String a = EventCursor.selection("sensor", "x", SortOrder.DESC, START, END);

    assertThat(EventCursor.selection("sensor", "x", SortOrder.DESC, START, END)).isEqualTo(a);
    assertThat(EventCursor.selection("sensor", "y", SortOrder.DESC, START, END)).isNotEqualTo(a);
    assertThat(EventCursor.selection("sensor", null, SortOrder.DESC, START, END)).isNotEqualTo(a);
    assertThat(EventCursor.selection("sensor", "x", SortOrder.ASC, START, END)).isNotEqualTo(a);
    assertThat(EventCursor.selection("sensor", "x", SortOrder.DESC, START, START.plusSeconds(1)))
        .isNotEqualTo(a);
  }
}
