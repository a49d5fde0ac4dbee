package dev.haingestor.common.status;

import java.time.Duration;

/**
 * How services announce themselves: each instance writes a Redis hash at {@code
 * RedisKeys.serviceStatus(service)} with the fields below, every {@link #HEARTBEAT_INTERVAL}, with
 * a TTL of {@link #HEARTBEAT_TTL}. A missing key means the service is down or stale.
 */
public final class ServiceStatusContract {

  public static final String INGESTION_SERVICE = "ingestion-service";
  public static final String ENRICHMENT_SERVICE = "enrichment-service";
  public static final String ADMIN_API = "admin-api";

  public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
  public static final Duration HEARTBEAT_TTL = Duration.ofSeconds(20);

  // Fields of every status hash
  public static final String SERVICE = "service";
  public static final String INSTANCE = "instance";

  /** {@code UP}, {@code DEGRADED} or {@code DOWN}. */
  public static final String STATUS = "status";

  public static final String VERSION = "version";

  /** HA timestamp of the heartbeat. */
  public static final String UPDATED_AT = "updated_at";

  /** Human-readable reason when the status is not UP. */
  public static final String REASON = "reason";

  // Fields of the ingestion service
  /** Connection state to HA, e.g. {@code connecting}, {@code subscribed}, {@code auth_failed}. */
  public static final String HA_CONNECTION = "ha_connection";

  /** HA timestamp of the newest event read from HA, or published/written (per service). */
  public static final String LAST_EVENT_AT = "last_event_at";

  private ServiceStatusContract() {}
}
