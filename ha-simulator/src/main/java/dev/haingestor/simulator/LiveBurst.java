package dev.haingestor.simulator;

import java.time.Duration;
import java.util.List;

/**
 * What {@link HaSimulator#restartWithLiveBurst} did: an HA restart whose start burst was fired to
 * the clients that had connected again, as HA fires it while it starts.
 *
 * @param subscribers subscriptions open when the burst was fired
 * @param resubscribeTime from dropping the sockets until the burst was fired: the clients'
 *     reconnection, or the whole wait when fewer came back than had been subscribed
 * @param events the burst, in firing order: the {@code unavailable} placeholders with {@code
 *     restored: true}, then the real states
 * @param handOverTime from the first event fired until every event was handed to every subscribed
 *     socket, or dropped with a connection that was cut off
 * @param slowClientCutOffs connections closed by HA's slow-client limits from the first event fired
 *     until the hand-over ended
 */
public record LiveBurst(
    int subscribers,
    Duration resubscribeTime,
    List<EmittedEvent> events,
    Duration handOverTime,
    long slowClientCutOffs) {

  public LiveBurst {
    events = List.copyOf(events);
  }
}
