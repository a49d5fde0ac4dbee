package dev.haingestor.simulator.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A command's voluptuous schema, as websocket_api's {@code websocket_command} decorator builds it:
 * {@code id} and {@code type} plus the command's fields, extra keys not allowed. Errors read like
 * {@code voluptuous.humanize.humanize_error}: sorted, one per line, each with {@code . Got <repr>}.
 */
final class CommandSchema {

  enum Kind {
    STRING("str"),
    POSITIVE_INT("int"),
    BOOLEAN("bool"),
    STRING_LIST("list"),
    FEATURES("dict");

    private final String pythonType;

    Kind(String pythonType) {
      this.pythonType = pythonType;
    }
  }

  private record Field(Kind kind, boolean required) {}

  private final Map<String, Field> fields = new LinkedHashMap<>();

  static CommandSchema of() {
    return new CommandSchema();
  }

  CommandSchema required(String name, Kind kind) {
    fields.put(name, new Field(kind, true));
    return this;
  }

  CommandSchema optional(String name, Kind kind) {
    fields.put(name, new Field(kind, false));
    return this;
  }

  /** The humanized error, or empty when the message is valid. */
  Optional<String> validate(JsonNode message) {
    List<String> errors = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : message.properties()) {
      String key = entry.getKey();
      if (!key.equals("id") && !key.equals("type") && !fields.containsKey(key)) {
        errors.add(
            "extra keys not allowed @ data['" + key + "']. Got " + PythonRepr.of(entry.getValue()));
      }
    }
    fields.forEach(
        (name, field) -> {
          JsonNode value = message.get(name);
          if (value == null) {
            if (field.required()) {
              errors.add("required key not provided @ data['" + name + "']. Got None");
            }
          } else {
            check(name, field.kind(), value).ifPresent(errors::add);
          }
        });
    errors.sort(null);
    return errors.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", errors));
  }

  private static Optional<String> check(String name, Kind kind, JsonNode value) {
    String path = "data['" + name + "']";
    boolean valid =
        switch (kind) {
          case STRING -> value.isString();
          case BOOLEAN -> value.isBoolean();
          // cv.positive_int coerces, so "5" passes too.
          case POSITIVE_INT -> positiveInt(value);
          case STRING_LIST -> value.isArray();
          case FEATURES -> value.isObject();
        };
    if (!valid) {
      return Optional.of(
          "expected "
              + kind.pythonType
              + " for dictionary value @ "
              + path
              + ". Got "
              + PythonRepr.of(value));
    }
    if (kind == Kind.STRING_LIST) {
      for (int i = 0; i < value.size(); i++) {
        if (!value.get(i).isString()) {
          return Optional.of(
              "expected str @ " + path + "[" + i + "]. Got " + PythonRepr.of(value.get(i)));
        }
      }
    }
    if (kind == Kind.FEATURES) {
      for (Map.Entry<String, JsonNode> feature : value.properties()) {
        // {str: int}; Python's bool is an int.
        JsonNode flag = feature.getValue();
        if (!flag.isIntegralNumber() && !flag.isBoolean()) {
          return Optional.of(
              "expected int for dictionary value @ "
                  + path
                  + "['"
                  + feature.getKey()
                  + "']. Got "
                  + PythonRepr.of(flag));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean positiveInt(JsonNode value) {
    if (value.isIntegralNumber()) {
      return value.canConvertToLong() && value.longValue() >= 0;
    }
    if (value.isString()) {
      try {
        return Long.parseLong(value.stringValue().trim()) >= 0;
      } catch (NumberFormatException notAnInt) {
        return false;
      }
    }
    return false;
  }

  static long positiveIntValue(JsonNode value) {
    return value.isIntegralNumber()
        ? value.longValue()
        : Long.parseLong(value.stringValue().trim());
  }
}
