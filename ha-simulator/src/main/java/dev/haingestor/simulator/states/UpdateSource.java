package dev.haingestor.simulator.states;

import java.util.function.Function;

/** Produces the next update from the current states; called while the state machine is locked. */
@FunctionalInterface
public interface UpdateSource {

  StateUpdate next(Function<String, EntityState> currentState);
}
