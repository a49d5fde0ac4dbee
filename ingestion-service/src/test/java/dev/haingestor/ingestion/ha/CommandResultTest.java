package dev.haingestor.ingestion.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

class CommandResultTest {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  // Reads one value in the middle of the result: what follows it is the rest of the array.
  private static final ObjectReader IN_PLACE =
      MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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

  @Test
  void readsAnArrayResultOneObjectAtATimeSkippingTheRest() {
    String frame =
        "{\"id\":5,\"type\":\"result\",\"success\":true,"
            + "\"result\":[{\"entity_id\":\"a.b\"},7,[1,{\"entity_id\":\"no\"}],"
            + "{\"entity_id\":\"c.d\",\"attributes\":{\"x\":[1,2]}}]}";
    java.util.List<String> read = new java.util.ArrayList<>();

    CommandResult.unparsed(5, frame)
        .forEachResultObject(
            MAPPER, object -> read.add(IN_PLACE.readTree(object).path("entity_id").asString()));

    assertThat(read).containsExactly("a.b", "c.d");
  }

  @Test
  void aResultThatIsNotAnArrayHasNoObjects() {
    java.util.List<Object> read = new java.util.ArrayList<>();

    CommandResult.unparsed(5, "{\"id\":5,\"type\":\"result\",\"result\":{\"a\":{}}}")
        .forEachResultObject(MAPPER, read::add);

    assertThat(read).isEmpty();
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
