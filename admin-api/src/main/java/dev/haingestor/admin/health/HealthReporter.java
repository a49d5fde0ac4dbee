package dev.haingestor.admin.health;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.status.ServiceStatusContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs every component check in parallel and assembles the report. Each check is bounded by {@link
 * HealthProperties#checkTimeout()} and a failing check becomes that component's DOWN with a reason,
 * so the report always completes, within about one timeout.
 *
 * <p>The controller caches the report briefly ({@code ADMIN_CACHE_HEALTH_TTL}), so dashboards
 * polling many panels cost one round of checks per TTL.
 */
@Component
public class HealthReporter {

  /** Every service of the pipeline, in the order the report lists them. */
  static final List<String> SERVICES =
      List.of(
          ServiceStatusContract.INGESTION_SERVICE,
          ServiceStatusContract.ENRICHMENT_SERVICE,
          ServiceStatusContract.ADMIN_API);

  private final ServiceStatusCheck serviceStatus;
  private final RedisCheck redis;
  private final InfluxCheck influx;
  private final PipelineCheck pipeline;
  private final Duration timeout;
  private final Duration staleAfter;
  private final Clock clock;

  HealthReporter(
      ServiceStatusCheck serviceStatus,
      RedisCheck redis,
      InfluxCheck influx,
      PipelineCheck pipeline,
      HealthProperties properties,
      Clock clock) {
    this.serviceStatus = serviceStatus;
    this.redis = redis;
    this.influx = influx;
    this.pipeline = pipeline;
    this.timeout = properties.checkTimeout();
    this.staleAfter = properties.staleAfter();
    this.clock = clock;
  }

  public Mono<HealthReport> report() {
    return Mono.zip(
            services(),
            bounded(redis.ping(), RedisHealth::down),
            bounded(influx.ping(timeout), InfluxHealth::down),
            bounded(pipeline.check(), PipelineHealth::down))
        .map(
            checks -> {
              Map<String, ServiceStatus> services = checks.getT1();
              HaHealth ha = HaHealth.of(services.get(ServiceStatusContract.INGESTION_SERVICE));
              HealthReport.Components components =
                  new HealthReport.Components(
                      services, checks.getT2(), checks.getT3(), checks.getT4(), ha);
              HealthRules.Verdict verdict = HealthRules.evaluate(components);
              return new HealthReport(
                  verdict.status(),
                  verdict.reasons(),
                  HaTimestamps.format(clock.instant()),
                  newestEvent(services.values()),
                  components);
            });
  }

  private Mono<Map<String, ServiceStatus>> services() {
    return Flux.fromIterable(SERVICES)
        .flatMapSequential(
            name ->
                bounded(
                        serviceStatus
                            .read(name)
                            .map(status -> status.staleAt(clock.instant(), staleAfter)),
                        ServiceStatus::unreadable)
                    .map(status -> Map.entry(name, status)))
        .collect(
            LinkedHashMap<String, ServiceStatus>::new,
            (map, entry) -> map.put(entry.getKey(), entry.getValue()));
  }

  /** The check, limited in time, with any failure turned into the component's DOWN. */
  private <T> Mono<T> bounded(Mono<T> check, Function<String, T> down) {
    return check
        .timeout(timeout)
        .onErrorResume(e -> Mono.just(down.apply(FailureReasons.describe(e, timeout))));
  }

  /** The newest {@code last_event_at} of all services; unparsable values are ignored. */
  static String newestEvent(Collection<ServiceStatus> services) {
    return services.stream()
        .map(ServiceStatus::lastEventAt)
        .filter(Objects::nonNull)
        .map(HealthReporter::parseOrNull)
        .filter(Objects::nonNull)
        .max(Instant::compareTo)
        .map(HaTimestamps::format)
        .orElse(null);
  }

  private static Instant parseOrNull(String timestamp) {
    try {
      return HaTimestamps.parse(timestamp);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
