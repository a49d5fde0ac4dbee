package dev.haingestor.simulator.protocol;

import dev.haingestor.simulator.generator.PythonFloat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Python's {@code repr()} of a parsed JSON value: how voluptuous's humanized errors show the
 * offending value ({@code ... Got 'abc'}, {@code Got None}).
 */
final class PythonRepr {

  private PythonRepr() {}

  static String of(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "None";
    }
    if (value.isBoolean()) {
      return value.booleanValue() ? "True" : "False";
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    if (value.isNumber()) {
      return PythonFloat.repr(value.decimalValue());
    }
    if (value.isString()) {
      return "'" + value.stringValue().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(of(item)));
      return "[" + String.join(", ", items) + "]";
    }
    List<String> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      entries.add("'" + entry.getKey() + "': " + of(entry.getValue()));
    }
    return "{" + String.join(", ", entries) + "}";
  }
}
