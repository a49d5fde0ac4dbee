package dev.haingestor.common.stream;

import java.util.Objects;

/**
 * Every Redis key and group name of the pipeline, under one configurable prefix (default {@value
 * #DEFAULT_PREFIX}), so that several installations can share one Redis.
 */
public record RedisKeys(String prefix) {

  public static final String DEFAULT_PREFIX = "ha-ingestor:";

  /** The consumer group of the enrichment service on the event stream. */
  public static final String ENRICHMENT_GROUP = "enrichment";

  public RedisKeys {
    Objects.requireNonNull(prefix, "prefix");
  }

  public static RedisKeys defaults() {
    return new RedisKeys(DEFAULT_PREFIX);
  }

  /** The stream of state_changed events written by ingestion and read by enrichment. */
  public String events() {
    return prefix + "events";
  }

  /** The stream of entries that cannot be processed, with their reason. */
  public String deadLetters() {
    return prefix + "dead-letters";
  }

  /** The newest {@code time_fired} safely in the event stream (HA timestamp string). */
  public String checkpoint() {
    return prefix + "checkpoint";
  }

  /** The runtime configuration document. */
  public String runtimeConfig() {
    return prefix + "config";
  }

  /** A hash with a service instance's status, refreshed with a TTL as its heartbeat. */
  public String serviceStatus(String service) {
    return prefix + "status:" + service;
  }

  /** Pattern matching every service status key. */
  public String serviceStatusPattern() {
    return prefix + "status:*";
  }
}
