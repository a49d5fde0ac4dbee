package dev.haingestor.ingestion.ha;

import static dev.haingestor.ingestion.ha.HaFrames.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.RawAttributes;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.ingestion.deadletter.Rejection;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class HaFrameParserTest {

  private static final Instant RECEIVED = Instant.parse("2024-05-01T10:00:01Z");
  private static final String FIRED = "2024-05-01T10:00:00.123456+00:00";

  private final HaFrameParser parser = new HaFrameParser(MAPPER);

  @Test
  void readsAStateChangedEventFromASingleObjectFrame() {
    String frame = HaFrames.stateChanged("sensor.living_temp", "21.5", FIRED).toString();

    StateChangedEvent event = onlyEvent(parser.parse(frame, RECEIVED));

    assertThat(event.entityId()).isEqualTo("sensor.living_temp");
    assertThat(event.timeFired()).isEqualTo(Instant.parse("2024-05-01T10:00:00.123456Z"));
    assertThat(event.newState().state()).isEqualTo("21.5");
    assertThat(event.newState().attributes()).containsEntry("unit_of_measurement", "°C");
    assertThat(event.source()).isEqualTo(EventSource.LIVE);
    assertThat(event.receivedAt()).isEqualTo(RECEIVED);
  }

  @Test
  void readsEveryMessageOfACoalescedArrayFrame() {
    String frame =
        HaFrames.array(
            HaFrames.result(1, true),
            HaFrames.stateChanged("sensor.a", "1", FIRED),
            HaFrames.pong(3),
            HaFrames.stateChanged("sensor.b", "2", FIRED));

    List<HaMessage> messages = parser.parse(frame, RECEIVED);

    assertThat(messages)
        .extracting(message -> message.getClass().getSimpleName())
        .containsExactly("Result", "StateChanged", "Pong", "StateChanged");
    assertThat(((HaMessage.StateChanged) messages.get(3)).event().entityId()).isEqualTo("sensor.b");
    assertThat(((HaMessage.Pong) messages.get(2)).id()).isEqualTo(3);
  }

  @Test
  void readsFieldsByNameWhateverTheirOrder() {
    String frame =
        """
        {"event":{"time_fired":"2024-05-01T10:00:00+00:00","data":{"new_state":{
          "last_updated":"2024-05-01T10:00:00+00:00","attributes":{},"state":"on",
          "entity_id":"light.kitchen"},"entity_id":"light.kitchen","old_state":null},
          "event_type":"state_changed"},"type":"event","id":2}
        """;

    StateChangedEvent event = onlyEvent(parser.parse(frame, RECEIVED));

    assertThat(event.entityId()).isEqualTo("light.kitchen");
    assertThat(event.timeFired()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(event.newState().state()).isEqualTo("on");
  }

  @Test
  void keepsAnExponentFloatStateAsTheStringHaSent() {
    String frame = HaFrames.stateChanged("sensor.tiny", "1e-05", FIRED).toString();

    assertThat(onlyEvent(parser.parse(frame, RECEIVED)).newState().state()).isEqualTo("1e-05");
  }

  @Test
  void acceptsARemovalWithNullNewState() {
    ObjectNode message = HaFrames.stateChanged("sensor.gone", "x", FIRED);
    ((ObjectNode) message.get("event").get("data")).putNull("new_state");

    StateChangedEvent event = onlyEvent(parser.parse(message.toString(), RECEIVED));

    assertThat(event.isRemoval()).isTrue();
    assertThat(event.entityId()).isEqualTo("sensor.gone");
  }

  @Test
  void readsAuthAndResultMessages() {
    ObjectNode invalid = HaFrames.message("auth_invalid");
    invalid.put("message", "Invalid access token or password");

    assertThat(parser.parse(HaFrames.message("auth_required").toString(), RECEIVED))
        .containsExactly(new HaMessage.AuthRequired());
    assertThat(parser.parse(HaFrames.message("auth_ok").toString(), RECEIVED))
        .containsExactly(new HaMessage.AuthOk());
    assertThat(parser.parse(invalid.toString(), RECEIVED))
        .containsExactly(new HaMessage.AuthInvalid("Invalid access token or password"));
    assertThat(parser.parse(HaFrames.result(2, false).toString(), RECEIVED))
        .singleElement()
        .isInstanceOfSatisfying(
            HaMessage.Result.class,
            result -> {
              assertThat(result.id()).isEqualTo(2);
              assertThat(result.success()).isFalse();
              assertThat(result.error()).isEqualTo("unauthorized: Unauthorized");
              assertThat(result.errorCode()).isEqualTo("unauthorized");
            });
  }

  @Test
  void keepsTheResultOfASuccessfulCommand() {
    String frame =
        "{\"id\":7,\"type\":\"result\",\"success\":true,\"result\":{\"state\":\"RUNNING\"}}";

    assertThat(parser.parse(frame, RECEIVED))
        .singleElement()
        .isInstanceOfSatisfying(
            HaMessage.Result.class,
            result -> assertThat(result.result().get("state").stringValue()).isEqualTo("RUNNING"));
  }

  @Test
  void findsTheIdOfASingleSuccessfulResultWithoutParsingItsBody() {
    assertThat(
            parser.scanResultId(
                "{\"result\":{\"a\":[1,2,{\"b\":null}]},\"success\":true,\"type\":\"result\",\"id\":42}"))
        .isEqualTo(42);
    assertThat(parser.scanResultId("{\"id\":3,\"type\":\"event\",\"event\":{}}")).isEqualTo(-1);
    assertThat(parser.scanResultId("[{\"id\":3,\"type\":\"result\"}]")).isEqualTo(-1);
    assertThat(parser.scanResultId("{\"id\":4,\"type\":\"result\",\"success\":false}"))
        .isEqualTo(-1);
    assertThat(parser.scanResultId("{not json")).isEqualTo(-1);
  }

  @Test
  void skipsUnknownMessageTypes() {
    assertThat(parser.parse("{\"type\":\"brand_new_type\",\"id\":3}", RECEIVED))
        .containsExactly(new HaMessage.Ignored("brand_new_type"));
  }

  @Test
  void reportsOtherEventTypesWithoutPublishingThem() {
    ObjectNode message = HaFrames.stateChanged("sensor.a", "1", FIRED);
    ((ObjectNode) message.get("event")).put("event_type", "call_service");

    assertThat(parser.parse(message.toString(), RECEIVED))
        .containsExactly(new HaMessage.OtherEvent("call_service"));
  }

  @Test
  void rejectsAFrameThatIsNotJson() {
    Rejection rejection = onlyRejection(parser.parse("{not json", RECEIVED));

    assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_JSON);
    assertThat(rejection.raw()).isEqualTo("{not json");
  }

  @Test
  void rejectsAFrameThatIsAJsonScalar() {
    assertThat(onlyRejection(parser.parse("42", RECEIVED)).reason())
        .isEqualTo(RejectionReason.INVALID_JSON);
  }

  @Test
  void rejectsAnEventWithoutData() {
    ObjectNode message = HaFrames.stateChanged("sensor.a", "1", FIRED);
    ((ObjectNode) message.get("event")).remove("data");

    assertThat(onlyRejection(parser.parse(message.toString(), RECEIVED)).reason())
        .isEqualTo(RejectionReason.MISSING_FIELD);
  }

  @Test
  void rejectsAnEventWithoutEntityId() {
    ObjectNode message = HaFrames.stateChanged("sensor.a", "1", FIRED);
    ((ObjectNode) message.get("event").get("data")).remove("entity_id");

    assertThat(onlyRejection(parser.parse(message.toString(), RECEIVED)).reason())
        .isEqualTo(RejectionReason.MISSING_FIELD);
  }

  @Test
  void rejectsAnEventWithoutTimeFired() {
    ObjectNode message = HaFrames.stateChanged("sensor.a", "1", FIRED);
    ((ObjectNode) message.get("event")).remove("time_fired");

    assertThat(onlyRejection(parser.parse(message.toString(), RECEIVED)).reason())
        .isEqualTo(RejectionReason.MISSING_FIELD);
  }

  @Test
  void rejectsANumericState() {
    ObjectNode message = HaFrames.stateChanged("sensor.a", "1", FIRED);
    ((ObjectNode) message.get("event").get("data").get("new_state")).put("state", 21.5);

    Rejection rejection = onlyRejection(parser.parse(message.toString(), RECEIVED));

    assertThat(rejection.reason()).isEqualTo(RejectionReason.STATE_NOT_STRING);
    assertThat(rejection.raw()).isEqualTo(message.toString());
  }

  @Test
  void rejectsAnUnparseableTimeFired() {
    String frame = HaFrames.stateChanged("sensor.a", "1", FIRED).toString();
    String broken = frame.replace("\"time_fired\":\"" + FIRED, "\"time_fired\":\"yesterday");

    assertThat(onlyRejection(parser.parse(broken, RECEIVED)).reason())
        .isEqualTo(RejectionReason.INVALID_TIMESTAMP);
  }

  @Test
  void rejectsAnUnparseableLastUpdated() {
    ObjectNode message = HaFrames.stateChanged("sensor.a", "1", FIRED);
    ((ObjectNode) message.get("event").get("data").get("new_state"))
        .put("last_updated", "2024-13-45T99:00:00+00:00");

    assertThat(onlyRejection(parser.parse(message.toString(), RECEIVED)).reason())
        .isEqualTo(RejectionReason.INVALID_TIMESTAMP);
  }

  @Test
  void rejectsAnInvalidEntityId() {
    ObjectNode message = HaFrames.stateChanged("sensor.a", "1", FIRED);
    ((ObjectNode) message.get("event").get("data")).put("entity_id", "Sensor.Bad-Id");

    assertThat(onlyRejection(parser.parse(message.toString(), RECEIVED)).reason())
        .isEqualTo(RejectionReason.INVALID_ENTITY_ID);
  }

  @Test
  void rejectsANewStateOfAnotherEntity() {
    ObjectNode message =
        HaFrames.stateChanged("sensor.a", HaFrames.state("sensor.b", "1", FIRED), FIRED);

    assertThat(onlyRejection(parser.parse(message.toString(), RECEIVED)).reason())
        .isEqualTo(RejectionReason.INVALID_ENTITY_ID);
  }

  @Test
  void rejectsOnlyTheBadMessageOfACoalescedFrame() {
    ObjectNode bad = HaFrames.stateChanged("sensor.bad", "1", FIRED);
    ((ObjectNode) bad.get("event").get("data").get("new_state")).put("state", 7);
    String frame =
        HaFrames.array(
            HaFrames.stateChanged("sensor.a", "1", FIRED),
            bad,
            HaFrames.stateChanged("sensor.c", "3", FIRED));

    List<HaMessage> messages = parser.parse(frame, RECEIVED);

    assertThat(messages).hasSize(3);
    assertThat(messages.get(0)).isInstanceOf(HaMessage.StateChanged.class);
    assertThat(messages.get(2)).isInstanceOf(HaMessage.StateChanged.class);
    Rejection rejection = ((HaMessage.Rejected) messages.get(1)).rejection();
    assertThat(rejection.reason()).isEqualTo(RejectionReason.STATE_NOT_STRING);
    assertThat(MAPPER.readTree(rejection.raw())).isEqualTo(bad);
  }

  @Test
  void deadLettersTheExactTextOfABadMessageWithItsOldState() {
    ObjectNode bad = HaFrames.stateChanged("sensor.bad", "1", FIRED);
    ObjectNode data = (ObjectNode) bad.get("event").get("data");
    data.set("old_state", HaFrames.state("sensor.bad", "0", FIRED));
    ((ObjectNode) data.get("new_state")).put("state", 7);
    String badText = bad.toString().replace(",", " ,\n ");
    String frame = "[" + HaFrames.stateChanged("sensor.a", "1", FIRED) + ",  " + badText + " ]";

    List<HaMessage> messages = parser.parse(frame, RECEIVED);

    assertThat(messages).hasSize(2);
    Rejection rejection = ((HaMessage.Rejected) messages.get(1)).rejection();
    assertThat(rejection.raw()).isEqualTo(badText);
  }

  @Test
  void ignoresTheOldStateWhateverItHolds() {
    ObjectNode message = HaFrames.stateChanged("sensor.a", "1", FIRED);
    ((ObjectNode) message.get("event").get("data")).put("old_state", "not a state at all");

    assertThat(onlyEvent(parser.parse(message.toString(), RECEIVED)).newState().state())
        .isEqualTo("1");
  }

  @Test
  void rejectsAFrameWithTextAfterItsJsonValue() {
    String frame = HaFrames.stateChanged("sensor.a", "1", FIRED) + " {}";

    Rejection rejection = onlyRejection(parser.parse(frame, RECEIVED));

    assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_JSON);
    assertThat(rejection.raw()).isEqualTo(frame);
  }

  @Test
  void readsBytesThatAreNotUtf8AsTheSocketDecodesThem() {
    String frame =
        HaFrames.array(
            HaFrames.stateChanged("sensor.a", "BAD", FIRED),
            HaFrames.stateChanged("sensor.b", "2", FIRED));
    byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
    int bad = frame.indexOf("BAD");
    bytes[bad] = (byte) 0xC3; // starts a two-byte sequence…
    bytes[bad + 1] = (byte) 0x28; // …that this byte does not continue

    List<HaMessage> messages =
        parser.parse(FrameText.utf8(Unpooled.wrappedBuffer(bytes)), RECEIVED);

    assertThat(messages)
        .isEqualTo(parser.parse(new String(bytes, StandardCharsets.UTF_8), RECEIVED))
        .hasSize(2)
        .allMatch(HaMessage.StateChanged.class::isInstance);
    assertThat(((HaMessage.StateChanged) messages.get(0)).event().newState().state())
        .isEqualTo("\uFFFD(D");
  }

  @Test
  void keepsEachEventsAttributesAsTheFrameHasThem() {
    String first = "{\"unit_of_measurement\":\"°C\", \"name\" : \"Küche ✓\"}";
    String second = "{\"reading\":21.50,\"nested\":{\"a\":[1,null]}}";
    String frame =
        "["
            + stateChangedWithAttributes("sensor.a", first)
            + ","
            + stateChangedWithAttributes("sensor.b", second)
            + "]";
    byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
    io.netty.buffer.ByteBuf direct = Unpooled.directBuffer(utf8.length).writeBytes(utf8);
    byte[] padded = new byte[utf8.length + 9];
    System.arraycopy(utf8, 0, padded, 4, utf8.length);

    try {
      for (FrameText text :
          List.of(
              FrameText.of(frame),
              FrameText.utf8(direct),
              FrameText.utf8(Unpooled.wrappedBuffer(padded).setIndex(4, 4 + utf8.length)))) {
        List<HaMessage> messages = parser.parse(text, RECEIVED);

        assertThat(messages)
            .extracting(message -> ((HaMessage.StateChanged) message).event().newState())
            .extracting(state -> ((RawAttributes) state.attributes()).json())
            .as("from %s", text.getClass().getSimpleName())
            .containsExactly(first, second);
      }
    } finally {
      direct.release();
    }
  }

  private static String stateChangedWithAttributes(String entityId, String attributes) {
    return """
        {"id":1,"type":"event","event":{"event_type":"state_changed","time_fired":"%s",\
        "data":{"entity_id":"%s","new_state":{"entity_id":"%s","state":"1",\
        "attributes":%s,"last_updated":"%s"}}}}"""
        .formatted(FIRED, entityId, entityId, attributes, FIRED);
  }

  @Test
  void readsBytesThatLookLikeAnotherEncodingAsUtf8() {
    for (byte[] bytes :
        List.of(
            new byte[] {0, '\t'},
            new byte[] {'{', 0, '}'},
            new byte[] {(byte) 0xFE, (byte) 0xFF, '{', '}'},
            new byte[] {'\t', 0, 0, 0})) {
      assertThat(parser.parse(FrameText.utf8(Unpooled.wrappedBuffer(bytes)), RECEIVED))
          .isEqualTo(parser.parse(new String(bytes, StandardCharsets.UTF_8), RECEIVED));
    }
  }

  @Test
  void rejectsAnEmptyFrame() {
    Rejection rejection = onlyRejection(parser.parse("  ", RECEIVED));

    assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_JSON);
    assertThat(rejection.raw()).isEqualTo("  ");
  }

  private static StateChangedEvent onlyEvent(List<HaMessage> messages) {
    assertThat(messages).singleElement().isInstanceOf(HaMessage.StateChanged.class);
    return ((HaMessage.StateChanged) messages.get(0)).event();
  }

  private static Rejection onlyRejection(List<HaMessage> messages) {
    assertThat(messages).singleElement().isInstanceOf(HaMessage.Rejected.class);
    return ((HaMessage.Rejected) messages.get(0)).rejection();
  }
}
