package dev.haingestor.enrichment;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param consumerName {@code ENRICHMENT_CONSUMER_NAME}: this instance's consumer name in the group;
 *     unset means {@code HOSTNAME}, else the machine's host name (see {@link InstanceName})
 */
@ConfigurationProperties("enrichment")
public record InstanceProperties(String consumerName) {}
