package dev.haingestor.admin.entities;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One entity of the entity index as the API shows it: its current state and last change.
 *
 * @param entityId {@code domain.object_id}
 * @param domain the part before the dot
 * @param state the newest state string
 * @param lastChanged HA timestamp of the last change of the state string
 * @param lastUpdated HA timestamp of the last change of state or attributes
 * @param friendlyName the {@code friendly_name} attribute, or {@code null}
 * @param unitOfMeasurement the {@code unit_of_measurement} attribute, or {@code null}
 * @param deviceClass the {@code device_class} attribute, or {@code null}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EntityView(
    String entityId,
    String domain,
    String state,
    String lastChanged,
    String lastUpdated,
    String friendlyName,
    String unitOfMeasurement,
    String deviceClass) {}
