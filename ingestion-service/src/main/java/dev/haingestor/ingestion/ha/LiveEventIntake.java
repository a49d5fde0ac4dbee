package dev.haingestor.ingestion.ha;

import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.ingestion.buffer.EventBuffer;
import dev.haingestor.ingestion.deadletter.DeadLetterPublisher;
import dev.haingestor.ingestion.deadletter.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Where live events leave the socket: counted, stamped as the newest event read, and offered to the
 * buffer without blocking; refused input goes to the dead letters. The place for event filters.
 */
@Component
public class LiveEventIntake implements HaEventListener {

  private final EventBuffer buffer;
  private final DeadLetterPublisher deadLetters;
  private final ConnectionStateMachine connection;
  private final Counter received;

  public LiveEventIntake(
      EventBuffer buffer,
      DeadLetterPublisher deadLetters,
      ConnectionStateMachine connection,
      MeterRegistry registry) {
    this.buffer = buffer;
    this.deadLetters = deadLetters;
    this.connection = connection;
    this.received =
        Counter.builder(MetricNames.INGESTION_EVENTS_RECEIVED)
            .description("Valid state_changed events read from Home Assistant")
            .register(registry);
  }

  @Override
  public void onEvent(StateChangedEvent event) {
    received.increment();
    connection.eventRead(event.timeFired());
    buffer.offer(event);
  }

  @Override
  public void onRejected(Rejection rejection) {
    deadLetters.reject(rejection);
  }
}
