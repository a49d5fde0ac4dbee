package dev.haingestor.benchmarks.phase;

import dev.haingestor.benchmarks.measure.RedisProbe;
import dev.haingestor.benchmarks.measure.UsageRecorder;
import java.util.Map;

/**
 * The outage phase: InfluxDB refuses connections for {@code outageSeconds} while events keep coming
 * at {@code liveRate}; then it is back and the backlog drains while live events continue.
 *
 * @param backlogEvents events that arrived during the outage (waiting in Redis at its end)
 * @param timeToFirstWriteSeconds from the outage's end to the first acknowledged batch (the
 *     consumer's retry back-off)
 * @param drainSeconds from the outage's end until every backlog entry was acknowledged
 * @param drainPerSecond entries acknowledged per second from the first write to the drained state
 *     (backlog plus the live events meanwhile)
 * @param drainToLiveRatio {@code drainPerSecond / liveRate}
 * @param drained whether the backlog drained within the phase's limit
 * @param delivery the zero-loss check of every event of the phase
 */
public record RecoveryResult(
    double liveRate,
    double outageSeconds,
    long backlogEvents,
    Double timeToFirstWriteSeconds,
    Double drainSeconds,
    Double drainPerSecond,
    Double drainToLiveRatio,
    boolean drained,
    int events,
    Delivery delivery,
    Map<String, UsageRecorder.Usage> processes,
    RedisProbe.Memory redisMemory) {}
