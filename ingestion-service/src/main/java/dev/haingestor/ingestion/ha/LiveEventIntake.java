package dev.haingestor.ingestion.ha;

import dev.haingestor.common.event.EntityIds;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stats.PipelineStage;
import dev.haingestor.common.stream.EventCodec;
import dev.haingestor.ingestion.buffer.EventBuffer;
import dev.haingestor.ingestion.deadletter.DeadLetterPublisher;
import dev.haingestor.ingestion.deadletter.Rejection;
import dev.haingestor.ingestion.shaping.Shaping;
import dev.haingestor.ingestion.shaping.ShapingHolder;
import dev.haingestor.ingestion.stats.StageStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Where live events leave the socket: counted, stamped as the newest event read, filtered and
 * shaped by the current {@link Shaping} (entity include/exclude, attribute allow/ignore), and
 * offered to the buffer without blocking; refused input goes to the dead letters. Filtered events
 * are counted (metric by reason, stage FILTERED), never dead-lettered.
 */
@Component
public class LiveEventIntake implements HaEventListener {

  static final String DOMAIN_TAG = "domain";
  static final String EVENT_TYPE_TAG = "event_type";

  /** The one reason an event is filtered out today: the entity filter. */
  static final String FILTERED_BY_ENTITY_FILTER = "entity_filter";

  private final EventBuffer buffer;
  private final EventCodec codec;
  private final DeadLetterPublisher deadLetters;
  private final ConnectionStateMachine connection;
  private final ShapingHolder shaping;
  private final StageStats stats;
  private final MeterRegistry registry;
  private final Map<String, Counter> receivedByDomain = new ConcurrentHashMap<>();
  private final Map<String, Counter> otherEvents = new ConcurrentHashMap<>();
  private final Counter filtered;
  private final Counter ignored;

  public LiveEventIntake(
      EventBuffer buffer,
      DeadLetterPublisher deadLetters,
      ConnectionStateMachine connection,
      ShapingHolder shaping,
      StageStats stats,
      EventCodec codec,
      MeterRegistry registry) {
    this.buffer = buffer;
    this.codec = codec;
    this.deadLetters = deadLetters;
    this.connection = connection;
    this.shaping = shaping;
    this.stats = stats;
    this.registry = registry;
    this.filtered =
        Counter.builder(MetricNames.INGESTION_EVENTS_FILTERED)
            .tag(MetricNames.REASON_TAG, FILTERED_BY_ENTITY_FILTER)
            .description("Events dropped on purpose by the entity include/exclude filter")
            .register(registry);
    this.ignored =
        Counter.builder(MetricNames.INGESTION_MESSAGES_IGNORED)
            .description("Messages of a type this client does not know, skipped")
            .register(registry);
  }

  @Override
  public void onEvent(StateChangedEvent event) {
    String domain = EntityIds.domain(event.entityId());
    counter(receivedByDomain, domain, this::receivedCounter).increment();
    stats.count(PipelineStage.RECEIVED, event.entityId());
    connection.eventRead(event.timeFired());
    Shaping current = shaping.current();
    if (!current.admits(event.entityId())) {
      filtered.increment();
      stats.count(PipelineStage.FILTERED, event.entityId());
      return;
    }
    // Encoded on the reader's thread, so that the event waits in its smallest form.
    buffer.offer(current.shape(event), codec);
  }

  @Override
  public void onRejected(Rejection rejection) {
    deadLetters.reject(rejection);
    stats.count(PipelineStage.REJECTED, rejection.entityId());
  }

  @Override
  public void onOtherEvent(String eventType) {
    counter(otherEvents, eventType, this::otherEventCounter).increment();
  }

  @Override
  public void onIgnored(String type) {
    ignored.increment();
  }

  private static Counter counter(
      Map<String, Counter> counters, String key, Function<String, Counter> create) {
    Counter counter = counters.get(key);
    return counter != null ? counter : counters.computeIfAbsent(key, create);
  }

  private Counter receivedCounter(String domain) {
    return Counter.builder(MetricNames.INGESTION_EVENTS_RECEIVED)
        .tag(DOMAIN_TAG, domain)
        .description("Valid state_changed events read from Home Assistant")
        .register(registry);
  }

  private Counter otherEventCounter(String eventType) {
    return Counter.builder(MetricNames.INGESTION_EVENTS_OTHER)
        .tag(EVENT_TYPE_TAG, eventType)
        .description("Events of the further subscribed types (HA_EVENT_TYPES); not published")
        .register(registry);
  }
}
