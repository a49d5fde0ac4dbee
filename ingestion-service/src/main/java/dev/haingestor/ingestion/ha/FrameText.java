package dev.haingestor.ingestion.ha;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

/**
 * The text of one WebSocket frame as it is read: either the frame's UTF-8 bytes, parsed as they are
 * and decoded to a {@link String} only where text is needed (a dead letter, a command's result), or
 * a string. Decoding every frame cost about a quarter of the ingestion's garbage per event (a char
 * buffer and the string, three bytes per byte of frame).
 *
 * <p>A byte frame is only valid while the frame's buffer is: during the call that received it.
 */
abstract sealed class FrameText {

  /** A frame already decoded (tests, and the retry of a frame whose bytes are not UTF-8). */
  static FrameText of(String text) {
    return new Decoded(text);
  }

  /** The readable bytes of {@code utf8}, which the caller keeps and releases. */
  static FrameText utf8(ByteBuf utf8) {
    // Jackson guesses a byte source's encoding from its first four bytes: a zero byte there reads
    // as UTF-16 or UTF-32, so that "\0\t" parsed as an empty frame. A WebSocket text frame is
    // UTF-8; anything but plain ASCII up front is read as the socket decodes it (rare: HA's frames
    // start with '{' or '[').
    int head = Math.min(4, utf8.readableBytes());
    for (int i = 0; i < head; i++) {
      byte b = utf8.getByte(utf8.readerIndex() + i);
      // Negative: not ASCII (a byte order mark among them).
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
        return new Decoded(utf8.toString(StandardCharsets.UTF_8));
      }
    }
    return new Utf8(utf8);
  }

  /** Bytes or characters: enough to tell a large frame from a small one. */
  abstract int length();

  /** The whole text, decoded on the first call. */
  abstract String text();

  abstract JsonParser parser(JsonMapper mapper);

  /** Where the parser stands, in the unit {@link #slice} takes. */
  abstract long offset(TokenStreamLocation location);

  /**
   * The text between two offsets of {@link #offset}; the whole text when they do not delimit a part
   * of it.
   */
  abstract String slice(long start, long end);

  /**
   * The text between two locations of a parser of this frame ({@link #parser}), e.g. a part to keep
   * as it came.
   *
   * @throws IllegalArgumentException when they do not delimit a part of it
   */
  String between(TokenStreamLocation start, TokenStreamLocation end) {
    long from = offset(start);
    long to = offset(end);
    if (from < 0 || from >= to || to > length()) {
      throw new IllegalArgumentException(
          "not a part of a frame of " + length() + ": " + from + " to " + to);
    }
    return slice(from, to);
  }

  /**
   * The frame as the socket decodes it, bytes that are not UTF-8 replaced rather than refused; this
   * same object when it is text already.
   */
  abstract FrameText decoded();

  private static final class Decoded extends FrameText {
    private final String text;

    Decoded(String text) {
      this.text = text;
    }

    @Override
    int length() {
      return text.length();
    }

    @Override
    String text() {
      return text;
    }

    @Override
    JsonParser parser(JsonMapper mapper) {
      return mapper.createParser(text);
    }

    @Override
    long offset(TokenStreamLocation location) {
      return location.getCharOffset();
    }

    @Override
    String slice(long start, long end) {
      return start >= 0 && start < end && end <= text.length()
          ? text.substring((int) start, (int) end)
          : text;
    }

    @Override
    FrameText decoded() {
      return this;
    }
  }

  private static final class Utf8 extends FrameText {
    private final ByteBuf bytes;
    private String text;

    Utf8(ByteBuf bytes) {
      this.bytes = bytes;
    }

    @Override
    int length() {
      return bytes.readableBytes();
    }

    @Override
    String text() {
      if (text == null) {
        text = bytes.toString(StandardCharsets.UTF_8);
      }
      return text;
    }

    @Override
    JsonParser parser(JsonMapper mapper) {
      if (bytes.hasArray()) {
        return mapper.createParser(
            bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
      }
      // Direct or composite: read through a stream into the parser's own recycled buffer.
      return mapper.createParser((InputStream) new ByteBufInputStream(bytes.duplicate()));
    }

    @Override
    long offset(TokenStreamLocation location) {
      return location.getByteOffset();
    }

    @Override
    String slice(long start, long end) {
      return start >= 0 && start < end && end <= bytes.readableBytes()
          ? bytes.toString(
              bytes.readerIndex() + (int) start, (int) (end - start), StandardCharsets.UTF_8)
          : text();
    }

    @Override
    FrameText decoded() {
      return new Decoded(text());
    }
  }
}
