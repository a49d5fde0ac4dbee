package dev.haingestor.admin.pipeline;

import dev.haingestor.admin.StreamRetentionProperties;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.stream.RedisKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoConsumer;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoGroup;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoStream;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the Redis side of the pipeline: {@code XINFO STREAM} of the event stream, {@code XINFO
 * GROUPS}, {@code XINFO CONSUMERS} and the oldest entry of {@code XPENDING} per group, {@code XLEN}
 * of the dead-letter stream. A stream that does not exist yet reads as empty.
 */
@Component
class PipelineInspector {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;
  private final long maxLength;
  private final Clock clock;

  PipelineInspector(
      ReactiveStringRedisTemplate redis,
      RedisKeys keys,
      StreamRetentionProperties retention,
      Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.maxLength = retention.maxLength();
    this.clock = clock;
  }

  Mono<PipelineReport> inspect() {
    Instant now = clock.instant();
    return Mono.zip(
            stream(now),
            groups(now).collectList(),
            redis.opsForStream().size(keys.deadLetters()).defaultIfEmpty(0L))
        .timeout(TIMEOUT)
        .map(
            parts ->
                new PipelineReport(
                    HaTimestamps.format(now), parts.getT1(), parts.getT2(), parts.getT3()));
  }

  private Mono<PipelineReport.StreamReport> stream(Instant now) {
    return redis
        .opsForStream()
        .info(keys.events())
        .map(info -> Optional.of(info))
        .onErrorResume(PipelineInspector::isNoSuchKey, e -> Mono.just(Optional.empty()))
        .map(info -> info.map(i -> streamReport(i, now)).orElseGet(this::emptyStream));
  }

  private PipelineReport.StreamReport streamReport(XInfoStream info, Instant now) {
    long length = orZero(info.streamLength());
    String first = length == 0 ? null : info.firstEntryId();
    return new PipelineReport.StreamReport(
        keys.events(),
        length,
        maxLength,
        Math.max(0, maxLength - length),
        first,
        length == 0 ? null : info.lastEntryId(),
        first == null ? null : ageMs(first, now),
        number(info.getRaw().get("entries-added")));
  }

  private PipelineReport.StreamReport emptyStream() {
    return new PipelineReport.StreamReport(
        keys.events(), 0, maxLength, maxLength, null, null, null, null);
  }

  private Flux<PipelineReport.GroupReport> groups(Instant now) {
    return redis
        .opsForStream()
        .groups(keys.events())
        .onErrorResume(PipelineInspector::isNoSuchKey, e -> Flux.empty())
        .concatMap(group -> group(group, now));
  }

  private Mono<PipelineReport.GroupReport> group(XInfoGroup group, Instant now) {
    String name = group.groupName();
    Long lag = number(group.getRaw().get("lag"));
    Mono<List<PipelineReport.ConsumerReport>> consumers =
        redis
            .opsForStream()
            .consumers(keys.events(), name)
            .map(PipelineInspector::consumer)
            .collectList();
    Mono<Optional<PipelineReport.PendingEntry>> oldest =
        redis
            .opsForStream()
            .pending(keys.events(), name, Range.unbounded(), 1L)
            .map(
                pending ->
                    pending.isEmpty()
                        ? Optional.<PipelineReport.PendingEntry>empty()
                        : Optional.of(pendingEntry(pending.get(0), now)))
            .defaultIfEmpty(Optional.empty());
    return Mono.zip(consumers, oldest)
        .map(
            parts ->
                new PipelineReport.GroupReport(
                    name,
                    orZero(group.consumerCount()),
                    orZero(group.pendingCount()),
                    lag,
                    lag == null ? null : maxLength - lag,
                    group.lastDeliveredId(),
                    parts.getT2().orElse(null),
                    parts.getT1()));
  }

  private static PipelineReport.ConsumerReport consumer(XInfoConsumer consumer) {
    return new PipelineReport.ConsumerReport(
        consumer.consumerName(), orZero(consumer.pendingCount()), consumer.idleTimeMs());
  }

  private static PipelineReport.PendingEntry pendingEntry(PendingMessage message, Instant now) {
    String id = message.getIdAsString();
    return new PipelineReport.PendingEntry(
        id,
        ageMs(id, now),
        message.getElapsedTimeSinceLastDelivery().toMillis(),
        message.getTotalDeliveryCount(),
        message.getConsumerName());
  }

  /** Milliseconds since the entry's id time (a stream id starts with its epoch milliseconds). */
  static long ageMs(String streamId, Instant now) {
    int dash = streamId.indexOf('-');
    long millis = Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
    return Math.max(0, now.toEpochMilli() - millis);
  }

  /** A raw XINFO number (Long, text or bytes); {@code null} when absent or not a number. */
  static Long number(Object raw) {
    if (raw instanceof Number number) {
      return number.longValue();
    }
    String text;
    if (raw == null) {
      return null;
    } else if (raw instanceof byte[] bytes) {
      text = new String(bytes, StandardCharsets.UTF_8);
    } else if (raw instanceof ByteBuffer buffer) {
      text = StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    } else {
      text = raw.toString();
    }
    try {
      return Long.valueOf(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static boolean isNoSuchKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("no such key")) {
        return true;
      }
    }
    return false;
  }
}
