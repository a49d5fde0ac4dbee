package dev.haingestor.common.config.store;

import dev.haingestor.common.stream.RedisKeys;
import java.util.Objects;

/**
 * The Redis names of the runtime configuration, under the pipeline's key prefix.
 *
 * @param keys the pipeline's keys
 */
public record RuntimeConfigKeys(RedisKeys keys) {

  /** History stream field: the stored version. */
  public static final String HISTORY_VERSION = "version";

  /** History stream field: when it was stored (ISO-8601 instant). */
  public static final String HISTORY_UPDATED_AT = "updated_at";

  /** History stream field: who stored it. */
  public static final String HISTORY_UPDATED_BY = "updated_by";

  /** History stream field: the whole JSON document of that version. */
  public static final String HISTORY_DOCUMENT = "document";

  public RuntimeConfigKeys {
    Objects.requireNonNull(keys, "keys");
  }

  /** A string holding the current JSON document ({@link RedisKeys#runtimeConfig()}). */
  public String document() {
    return keys.runtimeConfig();
  }

  /** The pub/sub channel; each message is the decimal version just stored. */
  public String changesChannel() {
    return keys.prefix() + "config-changes";
  }

  /** The audit stream: one entry per stored version, trimmed to about 1000 entries. */
  public String history() {
    return keys.prefix() + "config-history";
  }
}
