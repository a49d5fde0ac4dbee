package dev.haingestor.enrichment.sink;

import dev.haingestor.common.metrics.MetricNames;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Publishes a circuit breaker's state as {@value MetricNames#ENRICHMENT_CIRCUIT_BREAKER_STATE}: one
 * gauge per state ({@code closed}, {@code open}, {@code half_open}), 1 for the current one, tagged
 * with the breaker's name. Gauges read the breaker when scraped; nothing to update.
 */
public final class BreakerStateMeter {

  private static final CircuitBreaker.State[] SHOWN = {
    CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN
  };

  private BreakerStateMeter() {}

  public static void register(MeterRegistry registry, CircuitBreaker breaker) {
    for (CircuitBreaker.State state : SHOWN) {
      Gauge.builder(
              MetricNames.ENRICHMENT_CIRCUIT_BREAKER_STATE,
              breaker,
              b -> b.getState() == state ? 1 : 0)
          .description("1 while the circuit breaker is in this state")
          .tag("breaker", breaker.getName())
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
  }
}
