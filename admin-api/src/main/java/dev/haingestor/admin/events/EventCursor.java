package dev.haingestor.admin.events;

import dev.haingestor.admin.problem.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where the next page of {@code GET /api/v1/events} starts: after the last event of the previous
 * page in the answer's order (time, then entity id, then measurement). A position, not an offset,
 * so events written meanwhile do not shift the pages. It also fixes the page sequence's time range
 * (a first page asked "up to now" keeps that end), and carries a digest of the selection, so it is
 * refused with another entity, domain or order.
 *
 * <p>Opaque to clients: base64url of a small JSON object. Tampering gains nothing: every value is
 * checked here, used only as a bind parameter or in comparisons, and the range is covered by the
 * digest.
 *
 * @param start the range's start (inclusive)
 * @param end the range's end (inclusive)
 * @param selection digest of domain, object id and order
 * @param time the last returned event's time
 * @param entityId the last returned event's entity id
 * @param measurement the last returned event's measurement
 * @param atTime how many events with exactly {@code time} were returned so far (sizes the next
 *     query so that enough rows remain after skipping them)
 */
record EventCursor(
    Instant start,
    Instant end,
    String selection,
    Instant time,
    String entityId,
    String measurement,
    int atTime) {

  static final int VERSION = 1;
  static final int MAX_LENGTH = 2048;
  static final int MAX_AT_TIME = 1_000_000;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The digest a cursor of this selection carries. */
  static String selection(
      String domain, String objectId, SortOrder order, Instant start, Instant end) {
    String text =
        domain
            + '\u0000'
            + (objectId == null ? "" : objectId)
            + '\u0000'
            + order
            + '\u0000'
            + start
            + '\u0000'
            + end;
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }

  String encode() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("v", VERSION);
    fields.put("s", nanos(start));
    fields.put("e", nanos(end));
    fields.put("q", selection);
    fields.put("t", nanos(time));
    fields.put("id", entityId);
    fields.put("m", measurement);
    fields.put("n", atTime);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(fields));
  }

  /**
   * @throws InvalidParameterException ({@code cursor}) when the text is not a cursor of this API
   */
  static EventCursor decode(String text) {
    if (text.length() > MAX_LENGTH) {
      throw invalid();
    }
    JsonNode node;
    try {
      node = JSON.readTree(Base64.getUrlDecoder().decode(text.strip()));
    } catch (IllegalArgumentException | JacksonException e) {
      throw invalid();
    }
    if (!node.isObject()
        || !node.path("v").isInt()
        || node.path("v").intValue() != VERSION
        || !node.path("s").isIntegralNumber()
        || !node.path("e").isIntegralNumber()
        || !node.path("t").isIntegralNumber()
        || !node.path("q").isString()
        || !node.path("id").isString()
        || !node.path("m").isString()
        || !node.path("n").isInt()) {
      throw invalid();
    }
    int atTime = node.path("n").intValue();
    Instant start = instant(node.path("s").longValue());
    Instant end = instant(node.path("e").longValue());
    Instant time = instant(node.path("t").longValue());
    if (atTime < 1
        || atTime > MAX_AT_TIME
        || start.isAfter(end)
        || time.isBefore(start)
        || time.isAfter(end)) {
      throw invalid();
    }
    return new EventCursor(
        start,
        end,
        node.path("q").stringValue(),
        time,
        node.path("id").stringValue(),
        node.path("m").stringValue(),
        atTime);
  }

  private static InvalidParameterException invalid() {
    return new InvalidParameterException(
        "cursor", "cursor is not a next_cursor of this API; start again without cursor");
  }

  private static long nanos(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
