package dev.haingestor.common.metrics;

/**
 * Metric names of all services, in Micrometer's dotted form; Prometheus exposes them with
 * underscores under {@code ha_ingestor_}. Every meter also carries the common tag {@value
 * #APPLICATION_TAG}.
 */
public final class MetricNames {

  public static final String APPLICATION_TAG = "application";
  public static final String REASON_TAG = "reason";

  public static final String INGESTION_EVENTS_RECEIVED = "ha.ingestor.ingestion.events.received";
  public static final String INGESTION_EVENTS_PUBLISHED = "ha.ingestor.ingestion.events.published";
  public static final String INGESTION_EVENTS_REJECTED = "ha.ingestor.ingestion.events.rejected";
  public static final String INGESTION_BUFFER_DEPTH = "ha.ingestor.ingestion.buffer.depth";
  public static final String INGESTION_CONNECTION_STATE = "ha.ingestor.ingestion.connection.state";
  public static final String INGESTION_RECONNECTS = "ha.ingestor.ingestion.reconnects";
  public static final String INGESTION_EVENTS_DROPPED = "ha.ingestor.ingestion.events.dropped";
  public static final String INGESTION_BUFFER_CAPACITY = "ha.ingestor.ingestion.buffer.capacity";
  public static final String INGESTION_DEAD_LETTERS_DROPPED =
      "ha.ingestor.ingestion.dead.letters.dropped";
  public static final String INGESTION_EVENTS_FILTERED = "ha.ingestor.ingestion.events.filtered";
  public static final String INGESTION_EVENTS_OTHER = "ha.ingestor.ingestion.events.other";
  public static final String INGESTION_EVENTS_REPUBLISHED =
      "ha.ingestor.ingestion.events.republished";
  public static final String INGESTION_FRAMES = "ha.ingestor.ingestion.frames";
  public static final String INGESTION_FRAME_MESSAGES = "ha.ingestor.ingestion.frame.messages";
  public static final String INGESTION_MESSAGES_IGNORED = "ha.ingestor.ingestion.messages.ignored";
  public static final String INGESTION_PUBLISH_BATCH_SIZE =
      "ha.ingestor.ingestion.publish.batch.size";
  public static final String INGESTION_PUBLISH_DURATION = "ha.ingestor.ingestion.publish.duration";

  /** From {@code time_fired} to the confirmed XADD, tag {@code source}. */
  public static final String INGESTION_LAG = "ha.ingestor.ingestion.lag";

  public static final String INGESTION_RATE_LIMIT_DELAY = "ha.ingestor.ingestion.rate.limit.delay";
  public static final String INGESTION_BACKFILL_WINDOWS = "ha.ingestor.ingestion.backfill.windows";
  public static final String INGESTION_BACKFILL_EVENTS = "ha.ingestor.ingestion.backfill.events";
  public static final String INGESTION_BACKFILL_QUEUE_DEPTH =
      "ha.ingestor.ingestion.backfill.queue.depth";
  public static final String INGESTION_GAPS_OPEN = "ha.ingestor.ingestion.gaps.open";
  public static final String INGESTION_CHECKPOINT_AGE = "ha.ingestor.ingestion.checkpoint.age";

  public static final String ENRICHMENT_EVENTS_CONSUMED = "ha.ingestor.enrichment.events.consumed";
  public static final String ENRICHMENT_POINTS_WRITTEN = "ha.ingestor.enrichment.points.written";
  public static final String ENRICHMENT_WRITE_DURATION = "ha.ingestor.enrichment.write.duration";
  public static final String ENRICHMENT_DEAD_LETTERS = "ha.ingestor.enrichment.dead.letters";
  public static final String ENRICHMENT_EVENTS_ACKNOWLEDGED =
      "ha.ingestor.enrichment.events.acknowledged";

  /** Entries taken over from idle consumers (XAUTOCLAIM). */
  public static final String ENRICHMENT_EVENTS_CLAIMED = "ha.ingestor.enrichment.events.claimed";

  /** Entries dropped by the schema's include/exclude filter. */
  public static final String ENRICHMENT_EVENTS_FILTERED = "ha.ingestor.enrichment.events.filtered";

  /** Entries per batch (distribution). */
  public static final String ENRICHMENT_BATCH_SIZE = "ha.ingestor.enrichment.batch.size";

  /** InfluxDB write failures, tag {@code status} (HTTP status; 0 = no answer). */
  public static final String ENRICHMENT_INFLUXDB_ERRORS = "ha.ingestor.enrichment.influxdb.errors";

  /** 1 for the current state, 0 for the others; tags {@code breaker} and {@code state}. */
  public static final String ENRICHMENT_CIRCUIT_BREAKER_STATE =
      "ha.ingestor.enrichment.circuit.breaker.state";

  /** Entries of the stream not yet delivered to the consumer group (XINFO GROUPS lag). */
  public static final String ENRICHMENT_GROUP_LAG = "ha.ingestor.enrichment.group.lag";

  /** Entries delivered but not acknowledged (the group's pending list). */
  public static final String ENRICHMENT_GROUP_PENDING = "ha.ingestor.enrichment.group.pending";

  /** Age of the oldest pending entry (from its stream id), in seconds. */
  public static final String ENRICHMENT_PENDING_OLDEST_AGE =
      "ha.ingestor.enrichment.pending.oldest.age";

  /** Weather context lookups, tag {@code result} (hit, miss). */
  public static final String ENRICHMENT_WEATHER_CACHE = "ha.ingestor.enrichment.weather.cache";

  /** Age of the cached weather observation, in seconds. */
  public static final String ENRICHMENT_WEATHER_AGE = "ha.ingestor.enrichment.weather.age";

  /** Weather provider calls, tag {@code outcome} (success, failure, rejected). */
  public static final String ENRICHMENT_WEATHER_FETCHES = "ha.ingestor.enrichment.weather.fetches";

  /** admin-api's response cache, tags {@code endpoint} and {@code result} (hit, miss, error). */
  public static final String ADMIN_CACHE_REQUESTS = "ha.ingestor.admin.cache.requests";

  /** Requests refused before a controller, tag {@code reason} (unauthorized, rate_limited, …). */
  public static final String ADMIN_REQUESTS_REJECTED = "ha.ingestor.admin.requests.rejected";

  /** Dead letters moved back to the event stream by admin-api. */
  public static final String ADMIN_DEAD_LETTERS_REPLAYED =
      "ha.ingestor.admin.dead.letters.replayed";

  /** From {@code time_fired} to InfluxDB's 2xx for the point. */
  public static final String PIPELINE_LATENCY = "ha.ingestor.pipeline.latency";

  private MetricNames() {}
}
