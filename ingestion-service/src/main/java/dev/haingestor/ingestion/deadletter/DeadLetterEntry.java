package dev.haingestor.ingestion.deadletter;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.stream.StreamFields;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of a dead-letter stream entry written by ingestion. */
final class DeadLetterEntry {

  static final String STAGE = "ingestion";

  /** Largest {@code raw} field written, in UTF-8 bytes: a multi-MB frame must not bloat Redis. */
  static final int MAX_RAW_BYTES = 64 * 1024;

  private DeadLetterEntry() {}

  static Map<String, String> of(Rejection rejection, Instant failedAt) {
    String raw = truncateUtf8(rejection.raw(), MAX_RAW_BYTES);
    String detail = rejection.detail();
    if (raw.length() < rejection.raw().length()) {
      detail +=
          " (raw truncated from "
              + rejection.raw().getBytes(StandardCharsets.UTF_8).length
              + " bytes)";
    }
    Map<String, String> entry = new LinkedHashMap<>(8);
    entry.put(StreamFields.REASON, rejection.reason().wireName());
    entry.put(StreamFields.DETAIL, detail);
    entry.put(StreamFields.STAGE, STAGE);
    entry.put(StreamFields.RAW, raw);
    entry.put(StreamFields.FAILED_AT, HaTimestamps.format(failedAt));
    return entry;
  }

  /** Cuts a string to at most {@code maxBytes} of UTF-8 without splitting a character. */
  static String truncateUtf8(String text, int maxBytes) {
    if (text.length() * 3L <= maxBytes) {
      return text; // even if every char took 3 bytes (a surrogate pair takes 4 for 2 chars)
    }
    int bytes = 0;
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) {
        return text.substring(0, i);
      }
      bytes += size;
      i += Character.charCount(codePoint);
    }
    return text;
  }
}
