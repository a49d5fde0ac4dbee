package dev.haingestor.ingestion.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

class CommandResultTest {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  @Test
  void findsTheResultOfTheFramesOnlyMessageWhateverItsKeyOrder() {
    String frame = "{\"result\":[{\"entity_id\":\"a.b\"}],\"success\":true,\"type\":\"result\"}";

    assertThat(resultText(CommandResult.unparsed(4, frame))).isEqualTo("[{\"entity_id\":\"a.b\"}]");
  }

  @Test
  void findsItsOwnResultAmongCoalescedMessages() {
    String frame =
        "[{\"id\":3,\"type\":\"result\",\"success\":true,\"result\":\"not ours\"},"
            + "{\"result\":{\"x\":1},\"id\":4,\"type\":\"result\",\"success\":true},"
            + "{\"id\":2,\"type\":\"event\",\"event\":{}}]";

    assertThat(resultText(CommandResult.unparsed(4, frame))).isEqualTo("{\"x\":1}");
  }

  @Test
  void refusesAFrameWithoutItsResult() {
    CommandResult result =
        CommandResult.unparsed(4, "[{\"id\":3,\"type\":\"result\",\"result\":null}]");

    assertThatThrownBy(() -> result.resultOffset(MAPPER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("result 4 not found");
  }

  /** The result's text, as a parser from its offset reads it. */
  private static String resultText(CommandResult result) {
    long start = result.resultOffset(MAPPER);
    try (JsonParser parser = result.parserFrom(MAPPER, start)) {
      parser.nextToken();
      parser.skipChildren();
      long end = start + parser.currentLocation().getCharOffset();
      return result.frame().substring((int) start, (int) end);
    }
  }
}
