package dev.haingestor.ingestion.status;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this instance names itself in its heartbeat.
 *
 * @param instance the instance name ({@code INGESTION_STATUS_INSTANCE}, else {@code HOSTNAME} — the
 *     container id under Docker — else a random id)
 */
@ConfigurationProperties(prefix = "ingestion.status")
public record StatusProperties(String instance) {}
