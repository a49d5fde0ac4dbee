package dev.haingestor.common.entities;

import java.time.Instant;

/**
 * One entity's entry in the entity index (JSON, snake_case field names).
 *
 * @param entityId full entity id
 * @param state the newest state string
 * @param lastChanged when the state string last changed
 * @param lastUpdated when the state or an attribute last changed; decides which write wins
 * @param friendlyName the {@code friendly_name} attribute, or null
 * @param unitOfMeasurement the {@code unit_of_measurement} attribute, or null
 * @param deviceClass the {@code device_class} attribute, or null
 */
public record EntitySummary(
    String entityId,
    String state,
    Instant lastChanged,
    Instant lastUpdated,
    String friendlyName,
    String unitOfMeasurement,
    String deviceClass) {}
