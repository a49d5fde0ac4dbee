package dev.haingestor.admin.deadletters;

import dev.haingestor.admin.problem.InvalidParameterException;
import dev.haingestor.common.event.RejectionReason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A validated replay request: exactly one of {@code ids}, {@code reason} or {@code all: true}, and
 * an optional {@code limit}. Parsed by hand so that every mistake names the member.
 *
 * @param ids the dead letters to replay, or {@code null}
 * @param reason replay the entries of this reason, or {@code null}
 * @param all replay every replayable entry
 * @param limit the most entries replayed by this request
 */
record ReplayRequest(Set<String> ids, RejectionReason reason, boolean all, int limit) {

  private static final Set<String> MEMBERS = Set.of("ids", "reason", "all", "limit");

  static ReplayRequest parse(String body, JsonMapper jsonMapper, int maxLimit) {
    if (body == null || body.isBlank()) {
      throw invalid("body", "the body must be a JSON object with ids, reason or \"all\": true");
    }
    JsonNode node;
    try {
      node = jsonMapper.readTree(body);
    } catch (JacksonException e) {
      throw invalid("body", "the body is not JSON");
    }
    if (!node.isObject()) {
      throw invalid("body", "the body must be a JSON object");
    }
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      if (!MEMBERS.contains(member.getKey())) {
        throw invalid(
            member.getKey(),
            "unknown member '"
                + shortened(member.getKey())
                + "'; expected ids, reason, all, limit");
      }
    }
    int limit = maxLimit;
    if (node.has("limit")) {
      JsonNode value = node.get("limit");
      if (!value.isInt() || value.intValue() < 1 || value.intValue() > maxLimit) {
        throw invalid("limit", "limit must be an integer from 1 to " + maxLimit);
      }
      limit = value.intValue();
    }
    int selectors =
        (node.has("ids") ? 1 : 0) + (node.has("reason") ? 1 : 0) + (node.has("all") ? 1 : 0);
    if (selectors != 1) {
      throw invalid("body", "select exactly one of ids, reason or \"all\": true");
    }
    if (node.has("all")) {
      if (!node.get("all").isBoolean() || !node.get("all").booleanValue()) {
        throw invalid("all", "all must be true");
      }
      return new ReplayRequest(null, null, true, limit);
    }
    if (node.has("reason")) {
      return new ReplayRequest(null, reason(node.get("reason")), false, limit);
    }
    return new ReplayRequest(ids(node.get("ids"), limit), null, false, limit);
  }

  private static Set<String> ids(JsonNode value, int limit) {
    if (!value.isArray() || value.isEmpty()) {
      throw invalid("ids", "ids must be a non-empty array of dead-letter ids");
    }
    if (value.size() > limit) {
      throw invalid("ids", "at most " + limit + " ids per request");
    }
    Set<String> ids = new LinkedHashSet<>();
    List<String> bad = new ArrayList<>();
    for (JsonNode id : value) {
      if (id.isString() && StreamIds.isValid(id.stringValue())) {
        ids.add(id.stringValue());
      } else {
        bad.add(shortened(id.toString()));
      }
    }
    if (!bad.isEmpty()) {
      throw invalid(
          "ids", "ids must be stream ids like 1714557600123-0; not " + String.join(", ", bad));
    }
    return ids;
  }

  static RejectionReason reason(JsonNode value) {
    if (value.isString()) {
      RejectionReason reason = reasonOf(value.stringValue());
      if (reason != null) {
        return reason;
      }
    }
    throw invalid("reason", "reason must be one of " + wireNames());
  }

  /** The reason of the wire name; {@code null} for anything else. */
  static RejectionReason reasonOf(String text) {
    for (RejectionReason reason : RejectionReason.values()) {
      if (reason.wireName().equals(text)) {
        return reason;
      }
    }
    return null;
  }

  static String wireNames() {
    List<String> names = new ArrayList<>();
    for (RejectionReason reason : RejectionReason.values()) {
      names.add(reason.wireName());
    }
    return String.join(", ", names);
  }

  private static String shortened(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  private static InvalidParameterException invalid(String member, String message) {
    return new InvalidParameterException(member, message);
  }
}
