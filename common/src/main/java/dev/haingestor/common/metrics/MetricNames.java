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

  public static final String ENRICHMENT_EVENTS_CONSUMED = "ha.ingestor.enrichment.events.consumed";
  public static final String ENRICHMENT_POINTS_WRITTEN = "ha.ingestor.enrichment.points.written";
  public static final String ENRICHMENT_WRITE_DURATION = "ha.ingestor.enrichment.write.duration";
  public static final String ENRICHMENT_DEAD_LETTERS = "ha.ingestor.enrichment.dead.letters";

  /** From {@code time_fired} to InfluxDB's 2xx for the point. */
  public static final String PIPELINE_LATENCY = "ha.ingestor.pipeline.latency";

  private MetricNames() {}
}
