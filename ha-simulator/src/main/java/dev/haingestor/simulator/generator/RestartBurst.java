package dev.haingestor.simulator.generator;

import dev.haingestor.simulator.states.EntityState;
import dev.haingestor.simulator.states.StateUpdate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What HA fires while it starts: the state machine is empty, so every entity's first event has
 * {@code old_state: null}. The entity registry first writes {@code unavailable} placeholders with
 * {@code restored: true} for entities whose integration is not loaded yet; then every integration
 * writes its real state (over the placeholder, or as a first state).
 */
public final class RestartBurst {

  /** Share of entities that come back through a restored placeholder. */
  private static final double RESTORED_SHARE = 0.35;

  /** Attributes the registry copies onto a placeholder (capabilities, class, name, unit). */
  private static final Set<String> PLACEHOLDER_ATTRIBUTES =
      Set.of(
          "state_class",
          "options",
          "hvac_modes",
          "min_temp",
          "max_temp",
          "target_temp_step",
          "preset_modes",
          "supported_color_modes",
          "supported_features",
          "device_class",
          "friendly_name",
          "unit_of_measurement");

  private final StateGenerator generator;

  public RestartBurst(StateGenerator generator) {
    this.generator = generator;
  }

  public List<StateUpdate> plan(List<EntityState> before) {
    List<StateUpdate> placeholders = new ArrayList<>();
    List<StateUpdate> realStates = new ArrayList<>();
    for (EntityState state : before) {
      boolean restored = generator.nextDouble() < RESTORED_SHARE || placeholders.isEmpty();
      if (restored) {
        placeholders.add(placeholder(state));
      }
      realStates.add(
          new StateUpdate(state.entityId(), state.state().state(), state.state().attributes()));
    }
    List<StateUpdate> burst = new ArrayList<>(placeholders);
    burst.addAll(realStates);
    return burst;
  }

  private static StateUpdate placeholder(EntityState state) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("restored", true);
    state
        .state()
        .attributes()
        .forEach(
            (key, value) -> {
              if (PLACEHOLDER_ATTRIBUTES.contains(key)) {
                attributes.put(key, value);
              }
            });
    return new StateUpdate(state.entityId(), "unavailable", attributes);
  }
}
