package dev.haingestor.admin.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventFinderTest {

  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00.000001Z");

  @Test
  void keepsUserInputOutOfTheStatementText() {
    EventQuery query = EventQuery.parse("sensor.living_temp", null, null, null, "50", "asc", NOW);

    String statement = EventFinder.statement(query);

    assertThat(statement)
        .isEqualTo(
            "SELECT *::field, \"domain\", \"entity_id\" FROM /.*/ WHERE \"domain\" = $domain"
                + " AND \"entity_id\" = $object_id AND time >= $start AND time <= $end"
                + " ORDER BY time ASC LIMIT 51")
        .doesNotContain("living_temp", "sensor");
    assertThat(EventFinder.parameters(query))
        .containsEntry("domain", "sensor")
        .containsEntry("object_id", "living_temp")
        .containsEntry("start", "2024-04-30T12:00:00.000001Z")
        .containsEntry("end", "2024-05-01T12:00:00.000001Z");
  }

  @Test
  void queriesAWholeDomainWithoutTheEntityCondition() {
    EventQuery query = EventQuery.parse(null, "light", null, null, null, null, NOW);

    assertThat(EventFinder.statement(query))
        .doesNotContain("$object_id")
        .endsWith("ORDER BY time DESC LIMIT 101");
    assertThat(EventFinder.parameters(query)).doesNotContainKey("object_id");
  }

  @Test
  void continuesFromTheCursorTimeAndFetchesTheRowsAlreadySeenAgain() {
    EventQuery first = EventQuery.parse("sensor.x", null, null, null, "10", null, NOW);
    EventCursor cursor =
        new EventCursor(
            first.start(), first.end(), first.selection(), NOW.minusSeconds(5), "sensor.x", "W", 3);
    EventQuery next =
        EventQuery.parse("sensor.x", null, null, null, "10", null, cursor.encode(), NOW);

    assertThat(EventFinder.statement(next))
        .contains("AND time <= $end AND time <= $position ORDER BY time DESC LIMIT 14");
    assertThat(EventFinder.parameters(next))
        .containsEntry("position", "2024-05-01T11:59:55.000001Z");
  }
}
