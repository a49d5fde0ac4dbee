package dev.haingestor.ingestion.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.ingestion.ha.CommandResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HistoryRowsTest {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  private final HistoryRows rows = new HistoryRows(MAPPER);

  @Test
  void convertsLuFromItsDecimalTextToTheLiveEventsMicrosecond() {
    // 1714557600.000001 is not exactly representable as a double; the decimal text is exact.
    String frame =
        """
        {"id":5,"type":"result","success":true,"result":{"sensor.t":[
          {"s":"21.5","a":{"unit_of_measurement":"°C","reading":1.5e-05},"lu":1714557600.000001},
          {"s":"21.5","a":{"unit_of_measurement":"°C"},"lu":1714557601.0,"lc":1714557600.000001}
        ]}}""";

    HistoryRows.Parsed parsed = rows.parse(result(5, frame), NOW);

    assertThat(parsed.rejections()).isEmpty();
    assertThat(parsed.events()).hasSize(2);
    StateChangedEvent first = parsed.events().get(0);
    assertThat(first.timeFired()).isEqualTo(Instant.parse("2024-05-01T10:00:00.000001Z"));
    assertThat(first.source()).isEqualTo(EventSource.BACKFILL);
    assertThat(first.newState().lastUpdated()).isEqualTo(first.timeFired());
    assertThat(first.newState().lastChanged()).isEqualTo(first.timeFired());
    assertThat(first.newState().attributes()).containsEntry("reading", 1.5e-05);
    StateChangedEvent second = parsed.events().get(1);
    assertThat(second.timeFired()).isEqualTo(Instant.parse("2024-05-01T10:00:01Z"));
    assertThat(second.newState().lastChanged())
        .isEqualTo(Instant.parse("2024-05-01T10:00:00.000001Z"));
  }

  @Test
  void readsAttributesAsTheLivePathDoesFromALargeAnswerHandedOverUnparsed() {
    String frame =
        """
        {"id":6,"type":"result","success":true,"result":{"sensor.t":[
          {"s":"on","a":{"f":0.1,"i":7,"l":12345678901,"b":true,"n":null,"s":"x",
            "list":[1,2.5,"y"],"nested":{"g":-3.25e2},"huge":1e400},"lu":1714557600.5}]}}""";

    HistoryRows.Parsed parsed = rows.parse(new CommandResult(6, null, frame), NOW);

    assertThat(parsed.rejections()).isEmpty();
    var attributes = parsed.events().get(0).newState().attributes();
    assertThat(attributes.get("f")).isEqualTo(0.1);
    assertThat(attributes.get("i")).isEqualTo(7);
    assertThat(attributes.get("l")).isEqualTo(12345678901L);
    assertThat(attributes.get("b")).isEqualTo(true);
    assertThat(attributes).containsEntry("n", null).containsEntry("s", "x");
    assertThat(attributes.get("list")).isEqualTo(java.util.List.of(1, 2.5, "y"));
    assertThat(attributes.get("nested")).isEqualTo(java.util.Map.of("g", -325.0));
    assertThat(attributes.get("huge")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(attributes).containsOnlyKeys("f", "i", "l", "b", "n", "s", "list", "nested", "huge");
  }

  @Test
  void findsItsResultInACoalescedFrameAndKeepsEachEntitysRowsInOrder() {
    String frame =
        """
        [{"id":2,"type":"event","event":{"event_type":"state_changed"}},
         {"type":"result","success":true,"id":9,"result":{
           "sensor.b":[{"s":"2","a":{},"lu":1714557600.2}],
           "sensor.a":[{"s":"1","a":{},"lu":1714557600.1},{"s":"3","a":{},"lu":1714557600.3}]}}]""";

    HistoryRows.Parsed parsed = rows.parse(result(9, frame), NOW);

    assertThat(parsed.events())
        .extracting(e -> e.entityId() + "=" + e.newState().state())
        .containsExactly("sensor.b=2", "sensor.a=1", "sensor.a=3");
  }

  @Test
  void findsItsResultBeforeItsIdInACoalescedFrame() {
    String frame =
        """
        [{"result":{"sensor.x":[{"s":"wrong","a":{},"lu":1714557600.0}]},"id":8,"type":"result",
          "success":true},
         {"result":{"sensor.x":[{"s":"right","a":{},"lu":1714557601.0}]},"id":9,"type":"result",
          "success":true}]""";

    HistoryRows.Parsed parsed = rows.parse(new CommandResult(9, null, frame), NOW);

    assertThat(parsed.events()).extracting(e -> e.newState().state()).containsExactly("right");
  }

  @Test
  void readsALargeAnswerABatchAtATime() {
    StringBuilder frame = new StringBuilder("{\"id\":7,\"type\":\"result\",\"success\":true,");
    frame.append("\"result\":{");
    for (int entity = 0; entity < 3; entity++) {
      frame.append(entity == 0 ? "" : ",").append("\"sensor.e").append(entity).append("\":[");
      for (int row = 0; row < 1_000; row++) {
        frame.append(row == 0 ? "" : ",");
        frame.append("{\"s\":\"").append(row).append("\",\"a\":{\"v\":").append(row);
        frame.append("},\"lu\":").append(1714557600 + row).append(".25}");
      }
      frame.append("]");
    }
    frame.append("}}");

    List<Integer> batchSizes = new ArrayList<>();
    List<String> order = new ArrayList<>();
    try (HistoryRows.Rows open = rows.open(new CommandResult(7, null, frame.toString()), NOW)) {
      for (var batch = open.next(400); !batch.isEmpty(); batch = open.next(400)) {
        batchSizes.add(batch.events().size());
        batch.events().forEach(e -> order.add(e.entityId() + "/" + e.newState().state()));
      }
    }

    assertThat(batchSizes).containsExactly(400, 400, 400, 400, 400, 400, 400, 200);
    assertThat(order).hasSize(3_000).startsWith("sensor.e0/0", "sensor.e0/1");
    assertThat(order.subList(999, 1_001)).containsExactly("sensor.e0/999", "sensor.e1/0");
    assertThat(order).endsWith("sensor.e2/999");
  }

  @Test
  void rejectsRowsWithoutAStringStateOrATime() {
    String frame =
        """
        {"id":3,"type":"result","success":true,"result":{"sensor.x":[
          {"s":21.5,"a":{},"lu":1714557600.0},
          {"s":"ok","a":{}},
          {"s":"fine","a":{},"lu":1714557602.5}]}}""";

    HistoryRows.Parsed parsed = rows.parse(result(3, frame), NOW);

    assertThat(parsed.events())
        .singleElement()
        .satisfies(e -> assertThat(e.newState().state()).isEqualTo("fine"));
    assertThat(parsed.rejections())
        .extracting(r -> r.reason())
        .containsExactly(RejectionReason.STATE_NOT_STRING, RejectionReason.INVALID_TIMESTAMP);
    assertThat(parsed.rejections()).allSatisfy(r -> assertThat(r.entityId()).isEqualTo("sensor.x"));
    assertThat(parsed.rejections())
        .extracting(r -> r.raw())
        .containsExactly("{\"s\":21.5,\"a\":{},\"lu\":1714557600.0}", "{\"s\":\"ok\",\"a\":{}}");
  }

  @Test
  void rejectsAnEntityThatIsNotAListOfRowsAndReadsOn() {
    String frame =
        """
        {"id":3,"type":"result","success":true,"result":{"not an id":[{"s":"x","lu":1.0}],
          "sensor.y":{"s":"x"},"sensor.z":[{"s":"z","a":{},"lu":1714557600.0}]}}""";

    HistoryRows.Parsed parsed = rows.parse(result(3, frame), NOW);

    assertThat(parsed.events()).extracting(StateChangedEvent::entityId).containsExactly("sensor.z");
    assertThat(parsed.rejections())
        .extracting(r -> r.reason() + " " + r.raw())
        .containsExactly(
            "INVALID_ENTITY_ID [{\"s\":\"x\",\"lu\":1.0}]", "INVALID_ENTITY_ID {\"s\":\"x\"}");
  }

  @Test
  void anEmptyResultHasNoEvents() {
    String frame = "{\"id\":4,\"type\":\"result\",\"success\":true,\"result\":{}}";

    assertThat(rows.parse(result(4, frame), NOW).events()).isEmpty();
  }

  private static CommandResult result(int id, String frame) {
    var root = MAPPER.readTree(frame);
    var message = root.isArray() ? root.get(1) : root;
    return new CommandResult(id, message.get("result"), frame);
  }
}
