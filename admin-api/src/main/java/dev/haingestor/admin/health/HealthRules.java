package dev.haingestor.admin.health;

import dev.haingestor.common.status.ServiceStatusContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How the component statuses make the overall status (also in {@code docs/api.md}):
 *
 * <ul>
 *   <li><b>DOWN</b> — events are not reaching InfluxDB, or cannot be read: Redis unreachable;
 *       InfluxDB unreachable; the ingestion or enrichment service DOWN or without heartbeat; HA
 *       refused the token ({@code ha_connection = auth_failed}).
 *   <li><b>DEGRADED</b> — events flow, but something needs attention: any service DEGRADED
 *       (including a stale heartbeat, {@code ADMIN_HEALTH_STALE_AFTER}); admin-api's own heartbeat
 *       missing; HA not subscribed (connecting, reconnecting); dead letters present; the enrichment
 *       group missing, or its pending entries or lag above the thresholds; the pipeline numbers
 *       unreadable while Redis answers PING.
 *   <li><b>UP</b> — everything else.
 * </ul>
 */
final class HealthRules {

  /** Services without which no event reaches InfluxDB. */
  private static final Set<String> CRITICAL_SERVICES =
      Set.of(ServiceStatusContract.INGESTION_SERVICE, ServiceStatusContract.ENRICHMENT_SERVICE);

  private HealthRules() {}

  record Verdict(ComponentStatus status, List<String> reasons) {}

  static Verdict evaluate(HealthReport.Components components) {
    Tally tally = new Tally();
    components
        .services()
        .forEach(
            (name, service) ->
                tally.add(
                    name,
                    service.status(),
                    service.reason(),
                    CRITICAL_SERVICES.contains(name)
                        ? ComponentStatus.DOWN
                        : ComponentStatus.DEGRADED));
    RedisHealth redis = components.redis();
    tally.add("redis", redis.status(), redis.reason(), ComponentStatus.DOWN);
    InfluxHealth influxdb = components.influxdb();
    tally.add("influxdb", influxdb.status(), influxdb.reason(), ComponentStatus.DOWN);
    HaHealth ha = components.ha();
    tally.add("ha", ha.status(), ha.reason(), ComponentStatus.DOWN);
    // Redis answering PING but the stream numbers failing is a partial view, not an outage.
    PipelineHealth pipeline = components.pipeline();
    tally.add("pipeline", pipeline.status(), pipeline.reason(), ComponentStatus.DEGRADED);
    return tally.verdict();
  }

  private static final class Tally {
    private ComponentStatus overall = ComponentStatus.UP;
    private final List<String> reasons = new ArrayList<>();

    /**
     * @param whenDown what a DOWN of this component makes of the whole; a DEGRADED component always
     *     degrades the whole
     */
    void add(String component, ComponentStatus status, String reason, ComponentStatus whenDown) {
      if (status == ComponentStatus.UP) {
        return;
      }
      overall = overall.worst(status == ComponentStatus.DOWN ? whenDown : ComponentStatus.DEGRADED);
      reasons.add(component + " " + status + (reason == null ? "" : ": " + reason));
    }

    Verdict verdict() {
      return new Verdict(overall, List.copyOf(reasons));
    }
  }
}
