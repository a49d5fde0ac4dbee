package dev.haingestor.enrichment.deadletter;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.common.stream.StreamFields;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends dead letters to the bounded dead-letter stream ({@link RedisKeys#deadLetters()}, about
 * {@value #MAX_LENGTH} entries), where admin-api lists and replays them. The caller acknowledges
 * the original entries only after this completes, so a Redis failure here loses nothing.
 */
@Component
public class DeadLetterPublisher {

  public static final String STAGE = "enrichment";
  static final long MAX_LENGTH = 100_000;
  static final int MAX_RAW_BYTES = 64 * 1024;
  static final int MAX_DETAIL_CHARS = 4096;
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
  private static final int IN_FLIGHT = 32;

  private final ReactiveStringRedisTemplate redis;
  private final String streamKey;
  private final JsonMapper jsonMapper;
  private final Clock clock;
  private final Map<RejectionReason, Counter> counters = new EnumMap<>(RejectionReason.class);

  public DeadLetterPublisher(
      ReactiveStringRedisTemplate redis,
      RedisKeys keys,
      JsonMapper jsonMapper,
      Clock clock,
      MeterRegistry meterRegistry) {
    this.redis = redis;
    this.streamKey = keys.deadLetters();
    this.jsonMapper = jsonMapper;
    this.clock = clock;
    for (RejectionReason reason : RejectionReason.values()) {
      counters.put(
          reason,
          Counter.builder(MetricNames.ENRICHMENT_DEAD_LETTERS)
              .description("Event-stream entries moved to the dead-letter stream")
              .tag(MetricNames.REASON_TAG, reason.wireName())
              .register(meterRegistry));
    }
  }

  /** Appends all, in order; completes when Redis has stored every one. */
  public Mono<Void> publish(List<DeadLetter> deadLetters) {
    if (deadLetters.isEmpty()) {
      return Mono.empty();
    }
    XAddOptions bounded = XAddOptions.maxlen(MAX_LENGTH).approximateTrimming(true);
    return Flux.fromIterable(deadLetters)
        .flatMapSequential(
            deadLetter ->
                redis
                    .opsForStream()
                    .add(
                        StreamRecords.mapBacked(toFields(deadLetter)).withStreamKey(streamKey),
                        bounded)
                    .timeout(WRITE_TIMEOUT)
                    .doOnSuccess(id -> counters.get(deadLetter.reason()).increment()),
            IN_FLIGHT)
        .then();
  }

  private Map<String, String> toFields(DeadLetter deadLetter) {
    Map<String, String> fields = new LinkedHashMap<>(8);
    fields.put(StreamFields.REASON, deadLetter.reason().wireName());
    fields.put(StreamFields.DETAIL, truncateChars(deadLetter.detail(), MAX_DETAIL_CHARS));
    fields.put(StreamFields.STAGE, STAGE);
    fields.put(StreamFields.RAW, truncateUtf8(jsonMapper.writeValueAsString(deadLetter.entry())));
    fields.put(StreamFields.ORIGINAL_ID, deadLetter.originalId());
    fields.put(StreamFields.FAILED_AT, HaTimestamps.format(clock.instant()));
    return fields;
  }

  private static String truncateChars(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }

  /** At most {@value #MAX_RAW_BYTES} bytes of UTF-8, cut on a character boundary. */
  static String truncateUtf8(String text) {
    if (text.length() * 3L <= MAX_RAW_BYTES) {
      return text; // no UTF-16 char encodes to more than 3 bytes (surrogate pairs: 4 for 2)
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_RAW_BYTES) {
      return text;
    }
    int end = MAX_RAW_BYTES;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--; // back off continuation bytes so the cut lands before a character's first byte
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
