package dev.haingestor.common.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.type.LogicalType;

/**
 * The JSON form of {@link RuntimeConfig}: snake_case names, {@code null} sections omitted,
 * durations as ISO-8601 strings, strict reading. Owns its {@link JsonMapper}, so that the
 * application's mapper settings (Spring Boot ignores unknown properties) never loosen the contract.
 * Thread-safe.
 *
 * <p>Reading is strict: an unknown property, a value of the wrong type (a string for a number, a
 * number for a boolean, a fraction for a whole number), an unknown enumeration value, malformed or
 * oversized JSON are all rejected with a {@link ConfigViolation} naming the path.
 */
public final class RuntimeConfigJson {

  /** Largest document accepted, in characters. */
  public static final int MAX_DOCUMENT_CHARS = 1_000_000;

  private static final int MAX_DETAIL = 200;

  private final JsonMapper mapper;
  private final RuntimeConfigValidator validator;
  private final KnownProperties knownProperties = new KnownProperties(RuntimeConfig.class);

  public RuntimeConfigJson() {
    this(new RuntimeConfigValidator());
  }

  public RuntimeConfigJson(RuntimeConfigValidator validator) {
    this.validator = validator;
    this.mapper = buildMapper();
  }

  /**
   * Parses and validates a document.
   *
   * @throws InvalidRuntimeConfigException with the violations found, in this order of checks:
   *     malformed JSON; else every unknown property; else the first value of a wrong type; else
   *     every rule of {@link RuntimeConfigValidator}
   */
  public RuntimeConfig read(String json) {
    if (json == null || json.isBlank()) {
      throw invalid(ConfigViolation.DOCUMENT, "empty document; expected a JSON object");
    }
    if (json.length() > MAX_DOCUMENT_CHARS) {
      throw invalid(
          ConfigViolation.DOCUMENT, "document larger than " + MAX_DOCUMENT_CHARS + " characters");
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(json);
    } catch (JacksonException e) {
      throw new InvalidRuntimeConfigException(List.of(translate(e)));
    }
    return fromTree(tree);
  }

  /** The document of {@code config}; {@code null} sections and fields are omitted. */
  public String write(RuntimeConfig config) {
    return mapper.writeValueAsString(config);
  }

  /**
   * Applies a JSON merge patch (RFC 7386) to {@code current} and validates the result: members of
   * the patch replace those of the document, {@code null} removes a member (a removed section falls
   * back to the environment configuration), nested objects merge, lists are replaced whole. The
   * metadata ({@code version}, {@code updated_at}, {@code updated_by}) is kept from {@code current}
   * unless the patch sets it; {@code RuntimeConfigStore.replace} overwrites it anyway.
   *
   * @throws InvalidRuntimeConfigException when the patch is not a JSON object or the result is
   *     invalid
   */
  public RuntimeConfig mergePatch(RuntimeConfig current, String patchJson) {
    if (patchJson == null || patchJson.isBlank()) {
      throw invalid(ConfigViolation.DOCUMENT, "empty merge patch; expected a JSON object");
    }
    if (patchJson.length() > MAX_DOCUMENT_CHARS) {
      throw invalid(
          ConfigViolation.DOCUMENT,
          "merge patch larger than " + MAX_DOCUMENT_CHARS + " characters");
    }
    JsonNode patch;
    try {
      patch = mapper.readTree(patchJson);
    } catch (JacksonException e) {
      throw new InvalidRuntimeConfigException(List.of(translate(e)));
    }
    if (patch == null || !patch.isObject()) {
      throw invalid(ConfigViolation.DOCUMENT, "a merge patch must be a JSON object");
    }
    return fromTree(merge(mapper.valueToTree(current), patch));
  }

  private RuntimeConfig fromTree(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      throw invalid(ConfigViolation.DOCUMENT, "expected a JSON object");
    }
    List<ConfigViolation> unknown = knownProperties.unknownIn(tree);
    if (!unknown.isEmpty()) {
      throw new InvalidRuntimeConfigException(unknown);
    }
    RuntimeConfig config;
    try {
      config = mapper.treeToValue(tree, RuntimeConfig.class);
    } catch (JacksonException e) {
      throw new InvalidRuntimeConfigException(List.of(translate(e)));
    }
    List<ConfigViolation> violations = validator.validate(config);
    if (!violations.isEmpty()) {
      throw new InvalidRuntimeConfigException(violations);
    }
    return config;
  }

  /** RFC 7386 §2, MergePatch(Target, Patch). */
  private JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target != null && target.isObject()
            ? (ObjectNode) target.deepCopy()
            : mapper.createObjectNode();
    for (Map.Entry<String, JsonNode> member : patch.properties()) {
      if (member.getValue().isNull()) {
        result.remove(member.getKey());
      } else {
        result.set(member.getKey(), merge(result.get(member.getKey()), member.getValue()));
      }
    }
    return result;
  }

  private static InvalidRuntimeConfigException invalid(String path, String message) {
    return new InvalidRuntimeConfigException(List.of(new ConfigViolation(path, message)));
  }

  private ConfigViolation translate(JacksonException e) {
    if (e instanceof InputCoercionException coercion) {
      return new ConfigViolation(
          pathOf(e, coercion.processor()),
          "number out of range for " + describe(coercion.getTargetType()));
    }
    if (e instanceof StreamReadException read) {
      TokenStreamLocation at = read.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      return new ConfigViolation(
          ConfigViolation.DOCUMENT, "malformed JSON" + where + ": " + detail(read));
    }
    if (e instanceof MismatchedInputException mismatch) {
      String path = pathOf(e, null);
      if (path.equals(ConfigViolation.DOCUMENT)) {
        String original = String.valueOf(mismatch.getOriginalMessage());
        return new ConfigViolation(
            path,
            original.startsWith("Trailing token")
                ? "unexpected content after the JSON object"
                : "expected a JSON object");
      }
      Class<?> target = mismatch.getTargetType();
      if (target != null && target.isEnum()) {
        return new ConfigViolation(path, "must be one of: " + wireNames(target));
      }
      if (mismatch instanceof InvalidFormatException format
          && format.getValue() instanceof String
          && (target == Duration.class || target == Instant.class)) {
        return new ConfigViolation(path, "invalid value: expected " + describe(target));
      }
      return new ConfigViolation(path, "wrong type: expected " + describe(target));
    }
    return new ConfigViolation(pathOf(e, null), detail(e));
  }

  /** The path from Jackson's reference chain, else from the parser's position. */
  private static String pathOf(JacksonException e, Object processor) {
    String path = "";
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        path = ConfigPaths.key(path, reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path = ConfigPaths.index(path, reference.getIndex());
      }
    }
    if (path.isEmpty() && processor instanceof JsonParser parser) {
      path = pathOf(parser.streamReadContext());
    }
    return ConfigPaths.orDocument(path);
  }

  private static String pathOf(TokenStreamContext context) {
    List<TokenStreamContext> chain = new ArrayList<>();
    for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.add(0, c);
    }
    String path = "";
    for (TokenStreamContext c : chain) {
      if (c.inObject() && c.currentName() != null) {
        path = ConfigPaths.key(path, c.currentName());
      } else if (c.inArray() && c.hasCurrentIndex()) {
        path = ConfigPaths.index(path, c.getCurrentIndex());
      }
    }
    return path;
  }

  private String wireNames(Class<?> enumType) {
    return Stream.of(enumType.getEnumConstants())
        .map(constant -> mapper.valueToTree(constant).asString())
        .collect(Collectors.joining(", "));
  }

  private String describe(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class) {
      return "a whole number";
    }
    if (type == Double.class
        || type == double.class
        || type == Float.class
        || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Duration.class) {
      return "an ISO-8601 duration such as \"PT15M\", or a whole number of seconds";
    }
    if (type == Instant.class) {
      return "an ISO-8601 timestamp such as \"2024-05-01T10:00:00Z\"";
    }
    if (type.isEnum()) {
      return "one of: " + wireNames(type);
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return "an object";
  }

  private static String detail(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "…";
  }

  private static JsonMapper buildMapper() {
    SimpleModule durations = new SimpleModule("runtime-config-durations");
    durations.addSerializer(Duration.class, new DurationSerializer());
    durations.addDeserializer(Duration.class, new DurationDeserializer());
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .changeDefaultPropertyInclusion(
            inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        // An omitted (or null) "version" is 0: PUT bodies need not carry it.
        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
        // No silent conversions: "5" is not a number, 1 is not true, 5 is not a string, 1.5 is not
        // a whole number.
        .withCoercionConfig(LogicalType.Textual, RuntimeConfigJson::rejectScalars)
        .withCoercionConfig(LogicalType.Integer, RuntimeConfigJson::rejectScalars)
        // A whole number is a number: "latitude": 52 is as good as 52.0.
        .withCoercionConfig(
            LogicalType.Float,
            c -> {
              rejectScalars(c);
              c.setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
            })
        .withCoercionConfig(LogicalType.Boolean, RuntimeConfigJson::rejectScalars)
        .withCoercionConfig(
            LogicalType.Enum,
            c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
        .addModule(durations)
        .build();
  }

  private static void rejectScalars(tools.jackson.databind.cfg.MutableCoercionConfig config) {
    config
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
  }

  private static final class DurationSerializer extends StdSerializer<Duration> {

    DurationSerializer() {
      super(Duration.class);
    }

    @Override
    public void serialize(Duration value, JsonGenerator generator, SerializationContext context) {
      generator.writeString(value.toString());
    }
  }

  /** An ISO-8601 duration ({@code "PT15M"}) or a whole number of seconds. */
  private static final class DurationDeserializer extends StdScalarDeserializer<Duration> {

    DurationDeserializer() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context) {
      if (parser.hasToken(JsonToken.VALUE_NUMBER_INT)) {
        return Duration.ofSeconds(parser.getLongValue());
      }
      if (parser.hasToken(JsonToken.VALUE_STRING)) {
        String text = parser.getString().trim();
        try {
          return Duration.parse(text);
        } catch (DateTimeParseException e) {
          return (Duration)
              context.handleWeirdStringValue(
                  Duration.class, text, "not an ISO-8601 duration such as \"PT15M\"");
        }
      }
      return (Duration) context.handleUnexpectedToken(Duration.class, parser);
    }
  }
}
