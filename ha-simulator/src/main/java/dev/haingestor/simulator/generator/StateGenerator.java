package dev.haingestor.simulator.generator;

import dev.haingestor.simulator.states.EntityState;
import dev.haingestor.simulator.states.StateUpdate;
import dev.haingestor.simulator.states.UpdateSource;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Seeded source of realistic {@code state_changed} updates. The sequence of entities and values
 * depends only on the seed and the calls made, never on time, so the same seed replays the same
 * home.
 */
public final class StateGenerator implements UpdateSource {

  private static final int ATTEMPTS = 5;

  private final List<SimulatedEntity> entities;
  private final double[] cumulativeWeights;
  private final Random random;

  public StateGenerator(EntityCatalog catalog, long seed) {
    this(catalog, seed, catalog.entities().size());
  }

  /**
   * @param activeEntities generated changes pick from the catalog's first {@code activeEntities}
   *     only; the others keep their initial state until a restart or {@code emitState}
   */
  public StateGenerator(EntityCatalog catalog, long seed, int activeEntities) {
    this.entities = catalog.entities();
    if (activeEntities < 1 || activeEntities > entities.size()) {
      throw new IllegalArgumentException(
          "activeEntities must be within 1.." + entities.size() + ": " + activeEntities);
    }
    this.cumulativeWeights = new double[activeEntities];
    double total = 0;
    for (int i = 0; i < activeEntities; i++) {
      total += entities.get(i).kind().weight();
      cumulativeWeights[i] = total;
    }
    // Offset from the catalog's stream so the first values do not mirror the room shuffle.
    this.random = new Random(seed * 31 + 17);
  }

  /** The state every entity has when the simulated home comes up. */
  public synchronized List<StateUpdate> initialStates() {
    return entities.stream().map(entity -> entity.kind().initial(entity, random)).toList();
  }

  @Override
  public synchronized StateUpdate next(Function<String, EntityState> currentState) {
    SimulatedEntity entity = pick();
    EntityState current = currentState.apply(entity.entityId());
    if (current == null) {
      return entity.kind().initial(entity, random);
    }
    StateUpdate update = entity.kind().next(entity, current, random);
    for (int attempt = 1; attempt < ATTEMPTS && unchanged(current, update); attempt++) {
      update = entity.kind().next(entity, current, random);
    }
    return update;
  }

  /** Draws from the generator's stream, for seeded choices elsewhere (e.g. the restart burst). */
  synchronized double nextDouble() {
    return random.nextDouble();
  }

  private SimulatedEntity pick() {
    double target = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
    for (int i = 0; i < cumulativeWeights.length; i++) {
      if (target < cumulativeWeights[i]) {
        return entities.get(i);
      }
    }
    return entities.get(cumulativeWeights.length - 1);
  }

  private static boolean unchanged(EntityState current, StateUpdate update) {
    return current.state().state().equals(update.state())
        && current.state().attributes().equals(update.attributes());
  }
}
