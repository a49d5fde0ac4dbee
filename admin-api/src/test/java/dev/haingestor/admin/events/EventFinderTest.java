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
                + " ORDER BY time ASC LIMIT 50")
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
        .endsWith("ORDER BY time DESC LIMIT 100");
    assertThat(EventFinder.parameters(query)).doesNotContainKey("object_id");
  }
}
