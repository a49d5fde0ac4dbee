package dev.haingestor.simulator.states;

import dev.haingestor.common.event.HaState;
import java.util.Objects;

/**
 * A state as HA's state machine holds it: the {@link HaState} plus the id of the context that wrote
 * it ({@code parent_id} and {@code user_id} are always null here: nothing is user-driven).
 */
public record EntityState(HaState state, String contextId) {

  public EntityState {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(contextId, "contextId");
  }

  public String entityId() {
    return state.entityId();
  }
}
