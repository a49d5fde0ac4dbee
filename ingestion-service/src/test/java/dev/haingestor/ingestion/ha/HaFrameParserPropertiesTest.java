package dev.haingestor.ingestion.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.haingestor.common.event.EntityIds;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.common.stream.StreamFields;
import dev.haingestor.ingestion.deadletter.DeadLetterProperties;
import dev.haingestor.ingestion.deadletter.DeadLetterPublisher;
import dev.haingestor.ingestion.deadletter.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Hostile input for the frame parser (issue 8, "Hostile input" 1): whatever text arrives in a
 * WebSocket frame — arbitrary JSON, duplicate keys, out-of-range numbers, wrong types in every
 * field, malformed UTF-8 as the socket decodes it, deep nesting, huge strings — parsing never
 * throws, every accepted event survives the stream codec, and every refusal carries a reason, is
 * counted by the dead-letter publisher and becomes a dead-letter entry of bounded size.
 *
 * <p>Tries are bounded (a few hundred per property) to keep the module's build within seconds.
 */
class HaFrameParserPropertiesTest {

  private static final Instant RECEIVED = Instant.parse("2024-05-01T10:00:01Z");
  private static final String ENTITY = "\"sensor.x\"";
  private static final String TIME = "\"2024-05-01T10:00:00.123456+00:00\"";

  /** The reasons ingestion may give; anything else would be mis-classified. */
  private static final Set<RejectionReason> INGESTION_REASONS =
      EnumSet.of(
          RejectionReason.INVALID_JSON,
          RejectionReason.MISSING_FIELD,
          RejectionReason.STATE_NOT_STRING,
          RejectionReason.INVALID_TIMESTAMP,
          RejectionReason.INVALID_ENTITY_ID);

  /** DeadLetterEntry.MAX_RAW_BYTES: the raw payload a dead letter may keep. */
  private static final int MAX_RAW_BYTES = 64 * 1024;

  private final HaFrameParser parser = new HaFrameParser(HaFrames.MAPPER);
  private final TreeFrameParser reference = new TreeFrameParser(HaFrames.MAPPER);
  private final EventCodec codec = new EventCodec(HaFrames.MAPPER);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /**
   * The real publisher counts and builds the entry; its Redis client is never started, so entries
   * only queue — what is written is checked through the entry itself ({@link #deadLetterEntry}).
   */
  private final DeadLetterPublisher deadLetters =
      new DeadLetterPublisher(
          new ReactiveStringRedisTemplate(new LettuceConnectionFactory()),
          RedisKeys.defaults(),
          new DeadLetterProperties(1000, 100_000),
          registry,
          Clock.fixed(RECEIVED, ZoneOffset.UTC));

  // ---------------------------------------------------------------- properties

  @Property(tries = 400)
  void arbitraryJsonNeverEscapesTheParser(@ForAll("anyJson") String frame) {
    check(frame);
  }

  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void eventsWithHostileFieldsAreEventsOrReasonedRejections(@ForAll("events") Frame frame) {
    List<HaMessage> messages = check(frame.text());

    assertThat(messages).hasSize(1);
    if (frame.valid()) {
      assertThat(messages.get(0))
          .as("every field valid and unique: %s", frame.text())
          .isInstanceOf(HaMessage.StateChanged.class);
    }
  }

  @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
  void coalescedArraysKeepOneMessagePerElement(@ForAll("coalesced") List<String> elements) {
    List<HaMessage> messages = check("[" + String.join(",", elements) + "]");

    assertThat(messages).hasSize(elements.size());
  }

  @Property(tries = 300)
  void malformedUtf8AsDecodedBySocketNeverEscapes(@ForAll("decodedBytes") String frame) {
    check(frame);
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void corruptedOrTruncatedEventsNeverEscape(
      @ForAll("events") Frame frame,
      @ForAll("positions") List<Integer> positions,
      @ForAll byte garbage,
      @ForAll("cut") int cut) {
    check(HostileJson.corrupt(frame.text(), positions, garbage));
    check(frame.text().substring(0, Math.floorMod(cut, frame.text().length() + 1)));
  }

  // ---------------------------------------------------------------- fixed hostile inputs

  @Example
  void rejectsTenThousandLevelsOfNestingWithAReason() {
    int depth = 10_000;
    List<String> frames =
        List.of(
            "[".repeat(depth) + "]".repeat(depth),
            "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
            event("\"1\"", "{\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}", TIME),
            "["
                + event(
                    "\"1\"",
                    "{\"deep\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}",
                    TIME)
                + "]");

    for (String frame : frames) {
      List<HaMessage> messages = check(frame);
      assertThat(messages).singleElement().isInstanceOf(HaMessage.Rejected.class);
      assertThat(((HaMessage.Rejected) messages.get(0)).rejection().reason())
          .isEqualTo(RejectionReason.INVALID_JSON);
    }
  }

  @Example
  void keepsHugeStringsBoundedInTheDeadLetter() {
    String huge = "x".repeat(5 * 1024 * 1024);
    // A huge state is a valid state: published, not dead-lettered.
    assertThat(check(event("\"" + huge + "\"", "{}", TIME)))
        .singleElement()
        .isInstanceOf(HaMessage.StateChanged.class);
    // A huge invalid timestamp is refused, and its dead letter keeps at most 64 KiB of the frame.
    List<HaMessage> refused = check(event("\"1\"", "{\"a\":\"" + huge + "\"}", "\"" + huge + "\""));
    Rejection rejection = ((HaMessage.Rejected) refused.get(0)).rejection();
    assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_TIMESTAMP);
    assertThat(rejection.detail().length()).isLessThan(200);
    // Ten MB of garbage.
    check("\u0000\uFFFD{\"".repeat(2_500_000));
  }

  @Example
  void refusesOutOfRangeNumbersWhereStringsBelongAndKeepsThemAsAttributes() {
    for (String number : List.of("1e999", "-0", "123456789012345678901234567890", "-1e999")) {
      assertThat(rejectionOf(event("\"1\"", "{}", number)).reason())
          .isEqualTo(RejectionReason.MISSING_FIELD);
      assertThat(rejectionOf(event(number, "{}", TIME)).reason())
          .isEqualTo(RejectionReason.STATE_NOT_STRING);
      assertThat(check(event("\"1\"", "{\"n\":" + number + "}", TIME)))
          .singleElement()
          .isInstanceOf(HaMessage.StateChanged.class);
    }
  }

  @Example
  void readsDuplicateKeysWithoutFailing() {
    String frame =
        "{\"type\":\"event\",\"type\":\"event\",\"event\":{\"event_type\":\"state_changed\","
            + "\"time_fired\":1,\"time_fired\":"
            + TIME
            + ",\"data\":{\"entity_id\":\"light.x\",\"entity_id\":"
            + ENTITY
            + ",\"new_state\":"
            + newState(ENTITY, "\"1\"", "{}", TIME)
            + "}}}";

    assertThat(check(frame)).singleElement().isInstanceOf(HaMessage.StateChanged.class);
  }

  /** Found by the corruption property in a CI run: a value cut out before an object's key. */
  @Example
  void refusesAnUnexpectedCharacterAsTheTreeParserDid() {
    String frame =
        "{\"event\":}\"data\":{\"new_state\":"
            + newState(ENTITY, "\"\\ud800\"", "{}", TIME)
            + "},\"event_type\":\"state_changed\",\"time_fired\":"
            + TIME
            + "},\"type\":\"event\",\"id\":2}";

    assertThat(rejectionOf(frame).reason()).isEqualTo(RejectionReason.INVALID_JSON);
  }

  // ---------------------------------------------------------------- checks

  /**
   * Parses the frame as the session does and checks every message: nothing escapes; events are
   * consistent and survive the stream codec; refusals are reasoned, counted, and dead-lettered with
   * a bounded raw payload.
   */
  private List<HaMessage> check(String frame) {
    List<HaMessage> messages = new ArrayList<>();
    assertThatCode(() -> messages.addAll(parser.parse(frame, RECEIVED)))
        .as("parse must not throw")
        .doesNotThrowAnyException();
    assertThatCode(() -> parser.scanResultId(frame)).doesNotThrowAnyException();
    assertSameAsTreeParser(frame, messages);
    assertSameFromBytes(frame);
    double before = rejectedCount();
    int rejections = 0;
    for (HaMessage message : messages) {
      assertThat(message).isNotNull();
      // Printed per property: shows that the generators reach every kind of outcome.
      Statistics.collect(
          message instanceof HaMessage.Rejected r
              ? r.rejection().reason().name()
              : message.getClass().getSimpleName());
      if (message instanceof HaMessage.Rejected rejected) {
        rejections++;
        checkRejection(rejected.rejection());
      } else if (message instanceof HaMessage.StateChanged changed) {
        checkEvent(changed.event());
      }
    }
    assertThat(rejectedCount() - before).as("every refusal is counted").isEqualTo(rejections);
    return messages;
  }

  /**
   * The streaming parser gives what the tree parser it replaced gave, message by message: the same
   * events (value classes of attributes included), results and rejections (reason, raw text and
   * detail — only the wording for text after the frame's JSON value, and for an empty frame,
   * differs, and Jackson's list of what it expected instead of an unexpected character).
   */
  private void assertSameAsTreeParser(String frame, List<HaMessage> messages) {
    List<HaMessage> expected = reference.parse(frame, RECEIVED);
    assertThat(messages).as("messages of %s", frame).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      HaMessage want = expected.get(i);
      HaMessage got = messages.get(i);
      if (want instanceof HaMessage.Rejected wanted
          && got instanceof HaMessage.Rejected rejected
          && (wanted.rejection().detail().contains("Trailing token")
              || wanted.rejection().detail().contains("No content to map"))) {
        assertThat(rejected.rejection().reason()).isEqualTo(wanted.rejection().reason());
        assertThat(rejected.rejection().raw()).isEqualTo(wanted.rejection().raw());
      } else if (want instanceof HaMessage.Rejected wanted
          && got instanceof HaMessage.Rejected rejected
          && wanted.rejection().detail().contains("): expected ")) {
        // Jackson's byte and char parsers word the expectation differently ("expected a value"
        // or "expected a valid value (JSON String, …)"); the character and where it is agree.
        assertThat(rejected.rejection().reason()).isEqualTo(wanted.rejection().reason());
        assertThat(rejected.rejection().raw()).isEqualTo(wanted.rejection().raw());
        assertThat(rejected.rejection().entityId()).isEqualTo(wanted.rejection().entityId());
        assertThat(withoutExpectation(rejected.rejection().detail()))
            .isEqualTo(withoutExpectation(wanted.rejection().detail()));
      } else {
        assertThat(got).as("message %d of %s", i, frame).isEqualTo(want);
      }
    }
  }

  private static String withoutExpectation(String detail) {
    return detail.replaceFirst("(?s)\\): expected .*", ")");
  }

  /**
   * Reading the frame's UTF-8 bytes where they are — in an array at an offset, or in a direct
   * buffer — gives the messages the text as the socket decodes it gives.
   */
  private void assertSameFromBytes(String frame) {
    byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
    List<HaMessage> decoded = parser.parse(new String(utf8, StandardCharsets.UTF_8), RECEIVED);
    byte[] padded = new byte[utf8.length + 7];
    System.arraycopy(utf8, 0, padded, 5, utf8.length);
    ByteBuf inArray = Unpooled.wrappedBuffer(padded).setIndex(5, 5 + utf8.length);
    ByteBuf direct = Unpooled.directBuffer(utf8.length).writeBytes(utf8);
    try {
      assertThat(parser.parse(FrameText.utf8(inArray), RECEIVED))
          .as("from an array: %s", frame)
          .isEqualTo(decoded);
      assertThat(parser.parse(FrameText.utf8(direct), RECEIVED))
          .as("from a direct buffer: %s", frame)
          .isEqualTo(decoded);
    } finally {
      direct.release();
    }
  }

  private void checkRejection(Rejection rejection) {
    assertThat(rejection.reason()).isIn(INGESTION_REASONS);
    assertThat(rejection.detail()).isNotBlank();
    assertThatCode(() -> deadLetters.reject(rejection)).doesNotThrowAnyException();
    Map<String, String> entry = deadLetterEntry(rejection);
    assertThat(entry.get(StreamFields.REASON)).isEqualTo(rejection.reason().wireName());
    assertThat(entry.get(StreamFields.DETAIL)).isNotBlank();
    assertThat(entry.get(StreamFields.STAGE)).isEqualTo("ingestion");
    assertThat(entry.get(StreamFields.RAW).getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(MAX_RAW_BYTES);
  }

  private void checkEvent(StateChangedEvent event) {
    assertThat(EntityIds.isValid(event.entityId())).isTrue();
    assertThat(event.timeFired()).isNotNull();
    if (event.newState() != null) {
      assertThat(event.newState().entityId()).isEqualTo(event.entityId());
      assertThat(event.newState().state()).isNotNull();
    }
    // What ingestion publishes next must be readable by enrichment.
    Map<String, String> fields = codec.encode(event);
    StateChangedEvent decoded = codec.decode(fields);
    assertThat(decoded.entityId()).isEqualTo(event.entityId());
    assertThat(decoded.timeFired()).isEqualTo(event.timeFired());
    if (event.newState() != null) {
      assertThat(decoded.newState().state()).isEqualTo(event.newState().state());
      assertThat(decoded.newState().lastUpdated()).isEqualTo(event.newState().lastUpdated());
      assertThat(decoded.newState().attributes().keySet())
          .isEqualTo(event.newState().attributes().keySet());
    }
  }

  private Rejection rejectionOf(String frame) {
    List<HaMessage> messages = check(frame);
    assertThat(messages).singleElement().isInstanceOf(HaMessage.Rejected.class);
    return ((HaMessage.Rejected) messages.get(0)).rejection();
  }

  private double rejectedCount() {
    return registry.find(MetricNames.INGESTION_EVENTS_REJECTED).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /** The dead-letter entry the publisher writes (DeadLetterEntry is package-private). */
  @SuppressWarnings("unchecked")
  private static Map<String, String> deadLetterEntry(Rejection rejection) {
    try {
      Method of =
          Class.forName("dev.haingestor.ingestion.deadletter.DeadLetterEntry")
              .getDeclaredMethod("of", Rejection.class, Instant.class);
      of.setAccessible(true);
      return (Map<String, String>) of.invoke(null, rejection, RECEIVED);
    } catch (InvocationTargetException e) {
      throw new AssertionError("building the dead-letter entry failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- generators

  /** A frame and whether every field was generated valid and unique. */
  record Frame(String text, boolean valid) {}

  /** One member of an object: absent (no values), once, or duplicated. */
  record Slot(String key, List<String> values, boolean valid) {
    String render() {
      return values.stream()
          .map(value -> HostileJson.quote(key) + ":" + value)
          .collect(Collectors.joining(","));
    }
  }

  @Provide
  Arbitrary<String> anyJson() {
    return Arbitraries.oneOf(
        HostileJson.values(4),
        HostileJson.values(2).map(v -> "{\"type\":" + v + "}"),
        Combinators.combine(
                Arbitraries.of(
                    "auth_required", "auth_ok", "auth_invalid", "result", "pong", "event", "x"),
                HostileJson.keys(),
                HostileJson.values(3))
            .as(
                (type, key, value) ->
                    "{\"type\":\"" + type + "\",\"id\":1," + key + ":" + value + "}"));
  }

  @Provide
  Arbitrary<Frame> events() {
    Arbitrary<String> timestamps =
        Arbitraries.of(TIME, "\"2024-05-01T10:00:00+00:00\"", "\"2024-05-01T12:00:00.5+02:00\"");
    Arbitrary<String> attributes =
        Combinators.combine(HostileJson.keys(), HostileJson.values(3))
            .as((key, value) -> key + ":" + value)
            .list()
            .ofMaxSize(5)
            .map(members -> "{" + String.join(",", members) + "}");
    Arbitrary<Frame> newState =
        object(
            List.of(
                slot("entity_id", Arbitraries.just(ENTITY)),
                slot("state", HostileJson.strings()),
                slot("attributes", attributes),
                slot("last_changed", timestamps),
                slot("last_updated", timestamps)));
    Arbitrary<Frame> data =
        object(
            List.of(
                slot("entity_id", Arbitraries.just(ENTITY)),
                slot("old_state", Arbitraries.just("null")),
                nested("new_state", newState)));
    Arbitrary<Frame> event =
        object(
            List.of(
                slot("event_type", Arbitraries.just("\"state_changed\"")),
                slot("time_fired", timestamps),
                slot("origin", Arbitraries.just("\"LOCAL\"")),
                nested("data", data)));
    return object(
        List.of(
            slot("id", Arbitraries.just("2")),
            slot("type", Arbitraries.just("\"event\"")),
            nested("event", event)));
  }

  @Provide
  Arbitrary<List<String>> coalesced() {
    return Arbitraries.oneOf(events().map(Frame::text), HostileJson.values(2)).list().ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> decodedBytes() {
    return HostileJson.decodedBytes();
  }

  @Provide
  Arbitrary<List<Integer>> positions() {
    return Arbitraries.integers().between(0, 10_000).list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<Integer> cut() {
    return Arbitraries.integers().between(0, 10_000);
  }

  private static Arbitrary<Slot> slot(String key, Arbitrary<String> valid) {
    Arbitrary<String> hostile = HostileJson.values(2);
    return Arbitraries.frequencyOf(
        Tuple.of(40, valid.map(v -> new Slot(key, List.of(v), true))),
        Tuple.of(3, hostile.map(h -> new Slot(key, List.of(h), false))),
        Tuple.of(1, Arbitraries.just(new Slot(key, List.of(), false))),
        // Duplicates: Jackson keeps the last one; the frame is still refused or read, never thrown.
        Tuple.of(
            1,
            Combinators.combine(valid, hostile).as((v, h) -> new Slot(key, List.of(h, v), false))),
        Tuple.of(
            1,
            Combinators.combine(valid, hostile).as((v, h) -> new Slot(key, List.of(v, h), false))));
  }

  private static Arbitrary<Slot> nested(String key, Arbitrary<Frame> valid) {
    Arbitrary<String> hostile = HostileJson.values(2);
    return Arbitraries.frequencyOf(
        Tuple.of(40, valid.map(f -> new Slot(key, List.of(f.text()), f.valid()))),
        Tuple.of(2, hostile.map(h -> new Slot(key, List.of(h), false))),
        Tuple.of(1, Arbitraries.just(new Slot(key, List.of(), false))));
  }

  /** An object of the slots, in a random order (HA's key order is not stable). */
  private static Arbitrary<Frame> object(List<Arbitrary<Slot>> slots) {
    return Combinators.combine(slots)
        .as(List::copyOf)
        .flatMap(Arbitraries::shuffle)
        .map(
            list ->
                new Frame(
                    list.stream()
                        .filter(s -> !s.values().isEmpty())
                        .map(Slot::render)
                        .collect(Collectors.joining(",", "{", "}")),
                    list.stream().allMatch(Slot::valid)));
  }

  /** A state_changed event of sensor.x with this state, attributes and time_fired (JSON). */
  private static String event(String state, String attributes, String timeFired) {
    return "{\"id\":2,\"type\":\"event\",\"event\":{\"event_type\":\"state_changed\",\"time_fired\":"
        + timeFired
        + ",\"data\":{\"entity_id\":"
        + ENTITY
        + ",\"old_state\":null,\"new_state\":"
        + newState(ENTITY, state, attributes, TIME)
        + "}}}";
  }

  private static String newState(String entity, String state, String attributes, String time) {
    return "{\"entity_id\":"
        + entity
        + ",\"state\":"
        + state
        + ",\"attributes\":"
        + attributes
        + ",\"last_changed\":"
        + time
        + ",\"last_updated\":"
        + time
        + "}";
  }
}
