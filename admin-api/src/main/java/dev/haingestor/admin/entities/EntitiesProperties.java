package dev.haingestor.admin.entities;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of {@code GET /api/v1/entities}.
 *
 * @param maxIndexSize {@code ADMIN_ENTITIES_MAX_INDEX_SIZE}: the most entries of the entity index
 *     read per request (HA installations hold a few thousand entities); beyond it the answer is
 *     marked {@code truncated}
 */
@Validated
@ConfigurationProperties("admin.entities")
public record EntitiesProperties(
    @Min(1) @Max(10_000_000) @DefaultValue("100000") int maxIndexSize) {}
