package dev.haingestor.simulator.generator;

/** One entity of the simulated home: its id, display name and how its state evolves. */
public record SimulatedEntity(String entityId, String friendlyName, EntityKind kind) {}
