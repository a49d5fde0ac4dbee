package dev.haingestor.simulator.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * websocket_api/auth.py {@code AUTH_MESSAGE_SCHEMA}: {@code type: "auth"} and exactly one of {@code
 * access_token} / {@code api_password}, nothing else.
 */
final class AuthMessage {

  private static final Set<String> KEYS = Set.of("type", "access_token", "api_password");

  private AuthMessage() {}

  /** The humanized schema error, or empty when the message is well-formed. */
  static Optional<String> formatError(JsonNode message) {
    if (!message.isObject()) {
      return Optional.of("expected a dictionary. Got " + PythonRepr.of(message));
    }
    List<String> errors = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : message.properties()) {
      if (!KEYS.contains(entry.getKey())) {
        errors.add(
            "extra keys not allowed @ data['"
                + entry.getKey()
                + "']. Got "
                + PythonRepr.of(entry.getValue()));
      }
    }
    JsonNode type = message.get("type");
    if (type == null) {
      errors.add("required key not provided @ data['type']. Got None");
    } else if (!type.isString() || !type.stringValue().equals("auth")) {
      errors.add(
          "not a valid value for dictionary value @ data['type']. Got " + PythonRepr.of(type));
    }
    if (message.has("access_token") && message.has("api_password")) {
      errors.add(
          "two or more values in the same group of exclusion 'auth' @ data[<auth>]. Got None");
    }
    for (String secret : List.of("access_token", "api_password")) {
      JsonNode value = message.get(secret);
      if (value != null && !value.isString()) {
        // Never echo a secret back, even a malformed one.
        errors.add("expected str for dictionary value @ data['" + secret + "']");
      }
    }
    errors.sort(null);
    return errors.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", errors));
  }
}
