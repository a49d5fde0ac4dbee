package dev.haingestor.simulator.states;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.simulator.generator.EntityCatalog;
import dev.haingestor.simulator.generator.StateGenerator;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The one-pass event writer against the obvious tree-based one, over every kind of entity. */
class StateJsonTest {

  private final JsonMapper mapper = JsonMapper.builder().build();
  private final StateJson json = new StateJson(mapper);

  @Test
  void writesEveryGeneratedEventExactlyAsItsTree() {
    StateMachine states = new StateMachine(new MonotonicClock(Clock.systemUTC()), 3, 5_000, json);
    StateGenerator generator =
        new StateGenerator(EntityCatalog.create(3, EntityCatalog.MAX_ENTITIES / 10), 3);

    StateMachine.Emission emission = states.generate(5_000, generator);

    Set<String> domains = new HashSet<>();
    int withOldState = 0;
    for (StateChange change : emission.changes()) {
      String expected =
          mapper.writeValueAsString(
              json.stateChangedEventTree(
                  change.entityId(), change.oldState(), change.newState(), change.timeFired()));
      assertThat(change.eventJson()).as(change.entityId()).isEqualTo(expected);
      domains.add(change.entityId().substring(0, change.entityId().indexOf('.')));
      withOldState += change.oldState() == null ? 0 : 1;
    }
    assertThat(emission.changes()).hasSizeGreaterThan(4_000);
    assertThat(domains).hasSizeGreaterThan(5);
    assertThat(withOldState).isPositive().isLessThan(emission.changes().size());
  }
}
