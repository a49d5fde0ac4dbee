package dev.haingestor.enrichment.sink;

/**
 * One line InfluxDB refused.
 *
 * @param line the line's index in its {@link dev.haingestor.enrichment.point.LineBatch}
 * @param error InfluxDB's error text for that line alone
 */
public record Rejection(int line, String error) {}
