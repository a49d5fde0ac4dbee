package dev.haingestor.simulator.states;

import java.time.Instant;

/**
 * One {@code state_changed} event as fired.
 *
 * @param oldState the previous state, or {@code null} when the entity was (re)added
 * @param newState the new state (this simulator never removes entities)
 * @param timeFired equals {@code newState.lastUpdated}, as in HA
 * @param eventJson the serialized {@code event} object, shared by every subscription
 */
public record StateChange(
    String entityId,
    EntityState oldState,
    EntityState newState,
    Instant timeFired,
    String eventJson) {}
