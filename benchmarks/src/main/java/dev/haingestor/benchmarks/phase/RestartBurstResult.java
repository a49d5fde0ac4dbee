package dev.haingestor.benchmarks.phase;

import dev.haingestor.benchmarks.measure.RedisProbe;
import dev.haingestor.benchmarks.measure.UsageRecorder;
import java.util.Map;

/**
 * The HA restart phase: the simulator drops its sockets, comes back reporting {@code STARTING} and,
 * once the ingestion service has subscribed again, fires the start burst of the whole home to it
 * (every entity with {@code old_state: null}, {@code unavailable} placeholders with {@code
 * restored: true} first for about a third), as HA does while it starts.
 *
 * @param entities entities of the home, each in the burst
 * @param events events of the burst
 * @param placeholders of which restored {@code unavailable} placeholders
 * @param subscribers subscriptions open when the burst was fired (0: the burst reached nobody live)
 * @param resubscribeSeconds from the restart until the burst was fired (the ingestion service's
 *     reconnection)
 * @param handOverSeconds from the first event fired until the simulator had handed every event to
 *     the sockets (its own pace plus the client's reading)
 * @param toLastXaddSeconds from the first event's {@code time_fired} until the last was XADDed
 * @param toLastAcknowledgedSeconds from the first event's {@code time_fired} until the last was
 *     acknowledged (written to InfluxDB)
 * @param slowClientCutOffs connections HA's slow-client limits closed during the burst
 * @param haReconnects reconnects of the ingestion service to HA during the phase (1: the restart)
 * @param droppedEvents events the ingestion service dropped (buffer full) during the phase
 * @param latency {@code time_fired → InfluxDB 2xx} of the burst's events
 * @param delivery the zero-loss check of every event of the burst
 */
public record RestartBurstResult(
    int entities,
    int events,
    int placeholders,
    int subscribers,
    double resubscribeSeconds,
    double handOverSeconds,
    Double toLastXaddSeconds,
    Double toLastAcknowledgedSeconds,
    long slowClientCutOffs,
    long haReconnects,
    long droppedEvents,
    Latency latency,
    Delivery delivery,
    Map<String, UsageRecorder.Usage> processes,
    RedisProbe.Memory redisMemory) {

  /** Issue 7's target: the burst reached the pipeline live, nobody was cut off, nothing lost. */
  public boolean absorbed() {
    return subscribers > 0 && slowClientCutOffs == 0 && delivery.zeroLoss();
  }
}
