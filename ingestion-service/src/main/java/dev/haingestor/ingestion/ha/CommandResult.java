package dev.haingestor.ingestion.ha;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A successful command result.
 *
 * @param id the command's id
 * @param result the {@code result} member as parsed with the frame, or {@code null} when the frame
 *     was handed over unparsed (a large answer, parsed by {@link #result()} on the caller's thread
 *     so that the socket's thread keeps reading events)
 * @param frame the frame the result came in, for callers that must read a number's exact decimal
 *     text (history timestamps, HA_PROTOCOL.md §9); the frame may hold other messages too
 */
public record CommandResult(int id, JsonNode result, String frame) {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** A large answer not parsed yet; {@link #result()} parses it where it is called. */
  static CommandResult unparsed(int id, String frame) {
    return new CommandResult(id, null, frame);
  }

  /**
   * Where the {@code result} value of the message with this id starts in the frame, in chars: the
   * frame's only message, or one of an array of them (coalescing). Found by skipping, without
   * building anything, so that a large answer can be read as a stream ({@link #parserFrom}).
   *
   * @throws IllegalStateException when the frame holds no result with this id
   */
  public long resultOffset(JsonMapper mapper) {
    try (JsonParser parser = mapper.createParser(frame)) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_OBJECT) {
        long start = resultMember(parser, true);
        if (start >= 0) {
          return start;
        }
      } else if (first == JsonToken.START_ARRAY) {
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          long start = resultMember(parser, false);
          if (start >= 0) {
            return start;
          }
        }
      }
    }
    throw new IllegalStateException("result " + id + " not found in its frame");
  }

  /**
   * Reads one message object, to its end unless its result is found first.
   *
   * @param ours whether the message is ours whatever its id (the frame's only message)
   * @return the char offset of its {@code result} value if the message is ours, else -1
   */
  private long resultMember(JsonParser parser, boolean ours) {
    long start = -1;
    boolean idMatches = ours;
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      JsonToken value = parser.nextToken();
      if ("id".equals(name)) {
        idMatches |= value == JsonToken.VALUE_NUMBER_INT && parser.getIntValue() == id;
      } else if ("result".equals(name)) {
        start = parser.currentTokenLocation().getCharOffset();
        if (idMatches) {
          return start; // the usual case (HA writes the id first): no need to read past it
        }
      }
      parser.skipChildren();
    }
    return idMatches ? start : -1;
  }

  /**
   * A parser of the frame from a char offset on (e.g. {@link #resultOffset}); its locations count
   * from there. The caller closes it.
   */
  public JsonParser parserFrom(JsonMapper mapper, long offset) {
    StringReader text = new StringReader(frame);
    try {
      text.skip(offset);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
    return mapper.createParser(text);
  }

  /**
   * Reads a result that is an array (e.g. {@code get_states}) one object at a time, as a stream: no
   * tree of a large answer is built. Elements that are not objects are skipped; a result that is
   * not an array has none.
   *
   * @param object called with the parser on each object's {@code START_OBJECT}; it must read the
   *     object to its {@code END_OBJECT}
   */
  public void forEachResultObject(JsonMapper mapper, Consumer<JsonParser> object) {
    try (JsonParser parser = parserFrom(mapper, resultOffset(mapper))) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return;
      }
      for (JsonToken element = parser.nextToken();
          element != null && element != JsonToken.END_ARRAY;
          element = parser.nextToken()) {
        if (element == JsonToken.START_OBJECT) {
          object.accept(parser);
        } else {
          parser.skipChildren();
        }
      }
    }
  }

  /** The {@code result} member; parsed now if it was handed over unparsed. Call off the socket. */
  @Override
  public JsonNode result() {
    if (result != null) {
      return result;
    }
    JsonNode root = MAPPER.readTree(frame);
    return root.path("result");
  }
}
