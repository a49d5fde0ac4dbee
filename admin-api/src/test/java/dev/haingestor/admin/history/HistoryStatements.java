package dev.haingestor.admin.history;

import java.time.Instant;
import org.springframework.boot.context.properties.bind.Binder;

/** The InfluxQL admin-api sends for a history request, for benchmarks outside this package. */
public final class HistoryStatements {

  private HistoryStatements() {}

  /**
   * The statement of {@code GET /api/v1/entities/{id}/history} without parameters (the last 24 h,
   * downsampled by the chosen bucket) under admin-api's default limits.
   */
  public static String defaultHistory() {
    HistoryProperties defaults =
        new Binder().bindOrCreate("admin.history", HistoryProperties.class);
    HistoryQuery.Resolved plan =
        new HistoryQuery("sensor.power", null, null, null, null).resolve(Instant.now(), defaults);
    return HistoryFinder.aggregateStatement(plan.fn(), plan.every(), defaults.maxPoints());
  }
}
