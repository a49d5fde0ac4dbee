package dev.haingestor.admin.health;

import dev.haingestor.admin.influx.InfluxQlClient;
import dev.haingestor.admin.influx.InfluxUnavailableException;
import java.time.Duration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Pings InfluxDB. Only reachability and version: whether the database exists shows in the events
 * endpoint (502), and a ping costs the server nothing when dashboards poll.
 */
@Component
class InfluxCheck {

  private final InfluxQlClient influx;

  InfluxCheck(InfluxQlClient influx) {
    this.influx = influx;
  }

  Mono<InfluxHealth> ping(Duration timeout) {
    return influx
        .ping(timeout)
        .map(InfluxHealth::of)
        .onErrorResume(
            InfluxUnavailableException.class, e -> Mono.just(InfluxHealth.down(e.getMessage())));
  }
}
