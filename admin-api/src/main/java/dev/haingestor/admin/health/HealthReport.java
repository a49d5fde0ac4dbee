package dev.haingestor.admin.health;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code GET /api/v1/health}.
 *
 * @param status the overall status by {@link HealthRules}
 * @param reasons why the status is not UP, one line per component that is not UP
 * @param checkedAt HA timestamp of this report
 * @param lastEventAt the newest {@code last_event_at} any service reports, {@code null} if none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HealthReport(
    ComponentStatus status,
    List<String> reasons,
    String checkedAt,
    String lastEventAt,
    Components components) {

  /**
   * @param services each service's status hash, by service name
   */
  public record Components(
      Map<String, ServiceStatus> services,
      RedisHealth redis,
      InfluxHealth influxdb,
      PipelineHealth pipeline,
      HaHealth ha) {}
}
