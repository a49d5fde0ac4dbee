package dev.haingestor.common.stream;

import java.util.List;

/** Field names of entries in the event and dead-letter streams, and of service status hashes. */
public final class StreamFields {

  /** Version of the event entry layout; consumers refuse versions they do not know. */
  public static final String SCHEMA_VERSION = "v";

  public static final String SOURCE = "source";
  public static final String ENTITY_ID = "entity_id";
  public static final String TIME_FIRED = "time_fired";

  /** Epoch microseconds at which ingestion read the event; for end-to-end latency. */
  public static final String RECEIVED_AT = "received_at";

  /** The new state as an HA State JSON object; absent when the entity was removed. */
  public static final String NEW_STATE = "new_state";

  /** The fields of an event entry, as {@link EventCodec#encode} writes them. */
  public static final List<String> EVENT_ENTRY =
      List.of(SCHEMA_VERSION, SOURCE, ENTITY_ID, TIME_FIRED, RECEIVED_AT, NEW_STATE);

  // Dead-letter entries
  public static final String REASON = "reason";
  public static final String DETAIL = "detail";
  public static final String STAGE = "stage";
  public static final String RAW = "raw";
  public static final String FAILED_AT = "failed_at";
  public static final String ORIGINAL_ID = "original_id";

  private StreamFields() {}
}
