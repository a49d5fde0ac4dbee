package dev.haingestor.common.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Finds every unknown property of a document before it is bound, in document order and with its
 * path. Jackson stops at the first unknown property of a record and reports it only once the record
 * is complete, without a reliable position; users fixing typos want all of them at once. The known
 * names are the record components in snake_case, as {@link RuntimeConfigJson} binds them.
 */
final class KnownProperties {

  /** Record type → snake_case name → component. Filled once in the constructor. */
  private final Map<Class<?>, Map<String, RecordComponent>> known = new HashMap<>();

  private final Class<?> root;

  KnownProperties(Class<?> root) {
    this.root = root;
    register(root);
  }

  List<ConfigViolation> unknownIn(JsonNode document) {
    List<ConfigViolation> unknown = new ArrayList<>();
    visit(document, root, "", unknown);
    return unknown;
  }

  private void register(Type type) {
    if (type instanceof Class<?> record && record.isRecord() && !known.containsKey(record)) {
      Map<String, RecordComponent> components = new LinkedHashMap<>();
      known.put(record, components);
      for (RecordComponent component : record.getRecordComponents()) {
        components.put(snakeCase(component.getName()), component);
        register(component.getGenericType());
      }
    } else if (type instanceof ParameterizedType parameterized) {
      for (Type argument : parameterized.getActualTypeArguments()) {
        register(argument);
      }
    }
  }

  private void visit(JsonNode node, Type type, String path, List<ConfigViolation> unknown) {
    if (type instanceof Class<?> record && record.isRecord()) {
      if (node.isObject()) {
        visitRecord(node, record, path, unknown);
      }
    } else if (type instanceof ParameterizedType parameterized) {
      Type raw = parameterized.getRawType();
      Type[] arguments = parameterized.getActualTypeArguments();
      if (raw == Map.class && node.isObject()) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
          visit(entry.getValue(), arguments[1], ConfigPaths.key(path, entry.getKey()), unknown);
        }
      } else if (raw == List.class && node.isArray()) {
        int index = 0;
        for (Iterator<JsonNode> items = node.values().iterator(); items.hasNext(); index++) {
          visit(items.next(), arguments[0], ConfigPaths.index(path, index), unknown);
        }
      }
    }
    // Scalars and type mismatches are left to Jackson, which names the expected type.
  }

  private void visitRecord(
      JsonNode node, Class<?> record, String path, List<ConfigViolation> unknown) {
    Map<String, RecordComponent> components = known.get(record);
    for (Map.Entry<String, JsonNode> property : node.properties()) {
      String propertyPath = ConfigPaths.key(path, property.getKey());
      RecordComponent component = components.get(property.getKey());
      if (component == null) {
        unknown.add(
            new ConfigViolation(
                propertyPath,
                "unknown property; expected one of: "
                    + components.keySet().stream().sorted().collect(Collectors.joining(", "))));
      } else {
        visit(property.getValue(), component.getGenericType(), propertyPath, unknown);
      }
    }
  }

  /** Jackson's SNAKE_CASE for plain camelCase names: {@code entityGlobs} → {@code entity_globs}. */
  static String snakeCase(String name) {
    StringBuilder snake = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          snake.append('_');
        }
        snake.append(Character.toLowerCase(c));
      } else {
        snake.append(c);
      }
    }
    return snake.toString();
  }
}
