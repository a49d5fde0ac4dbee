package dev.haingestor.benchmarks.phase;

/**
 * How fast one phase went through, from the first event's {@code time_fired}.
 *
 * @param emitSeconds first to last {@code time_fired}
 * @param emittedPerSecond the rate the simulator achieved
 * @param publishedPerSecond events per second until the ingestion service had XADDed them all
 * @param endToEndPerSecond events per second until the enrichment service had acknowledged them all
 *     (after InfluxDB's 2xx): the pipeline's sustained throughput when it kept up
 * @param tailSeconds from the last {@code time_fired} to the last acknowledgement: how far behind
 *     the pipeline finished (small = it kept up with the offered rate)
 */
public record Throughput(
    double emitSeconds,
    double emittedPerSecond,
    Double publishedPerSecond,
    Double endToEndPerSecond,
    Double tailSeconds) {}
