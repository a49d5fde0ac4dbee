package dev.haingestor.benchmarks.phase;

import dev.haingestor.benchmarks.measure.RedisProbe;
import dev.haingestor.benchmarks.measure.UsageRecorder;
import java.util.Map;

/**
 * One load phase of the end-to-end run.
 *
 * @param name e.g. {@code fixed_1000}, {@code max_rate}
 * @param requestedRate events per second asked of the simulator
 * @param events events the simulator fired
 * @param latency {@code time_fired → InfluxDB 2xx} of the phase's live events
 * @param ingestionLag {@code time_fired → XADD confirmed}, when the ingestion service exposes it
 * @param influxWrite duration of the enrichment's successful InfluxDB write requests (a request,
 *     not an event: the share of the latency that InfluxDB's answer takes)
 * @param processes RSS and CPU per process during the phase
 * @param haReconnects reconnects of the ingestion service to HA during the phase (a slow-client
 *     cut-off shows here)
 * @param droppedEvents events the ingestion service dropped (buffer full) during the phase
 */
public record PhaseResult(
    String name,
    double requestedRate,
    int events,
    Throughput throughput,
    Delivery delivery,
    Latency latency,
    Latency ingestionLag,
    Latency influxWrite,
    Map<String, UsageRecorder.Usage> processes,
    RedisProbe.Memory redisMemory,
    long haReconnects,
    long droppedEvents) {}
