package dev.haingestor.enrichment.consume;

import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.enrichment.InstanceName;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.ReactiveStreamCommands;
import org.springframework.data.redis.connection.stream.ByteBufferRecord;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * This instance's membership in the consumer group {@link RedisKeys#ENRICHMENT_GROUP} on the event
 * stream: create the group, read own pending entries, read new ones, acknowledge.
 *
 * <p>All commands go through one long-lived {@link ReactiveRedisConnection}. Spring Data Redis runs
 * a <em>blocking</em> XREADGROUP on that connection's dedicated Lettuce connection ({@code
 * LettuceReactiveStreamCommands.read} → {@code executeDedicated}), never on the shared one that the
 * heartbeat and acknowledgements use, so a read waiting for {@code BLOCK} stalls nothing else.
 * Keeping the connection for the consumer's lifetime keeps that dedicated connection too, instead
 * of opening one per read as a template would.
 */
@Component
class ConsumerGroupClient implements DisposableBean {

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  private static final ReadOffset START_OF_STREAM = ReadOffset.from("0");

  private final ReactiveRedisConnectionFactory connectionFactory;
  private final String streamKey;
  private final ByteBuffer rawStreamKey;
  private final Consumer consumer;
  private final StreamReadOptions pendingRead;
  private final StreamReadOptions newRead;
  private final Duration readTimeout;
  private volatile ReactiveRedisConnection connection;

  ConsumerGroupClient(
      ReactiveRedisConnectionFactory connectionFactory,
      RedisKeys keys,
      InstanceName instance,
      ConsumerProperties properties) {
    this.connectionFactory = connectionFactory;
    this.streamKey = keys.events();
    this.rawStreamKey =
        ByteBuffer.wrap(streamKey.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    this.consumer = Consumer.from(RedisKeys.ENRICHMENT_GROUP, instance.value());
    // Redis ignores BLOCK when reading pending history; not setting it keeps the read off the
    // dedicated connection.
    this.pendingRead = StreamReadOptions.empty().count(properties.batchSize());
    this.newRead =
        StreamReadOptions.empty().count(properties.batchSize()).block(properties.blockTimeout());
    this.readTimeout = properties.blockTimeout().plus(COMMAND_TIMEOUT);
  }

  String consumerName() {
    return consumer.getName();
  }

  String streamKey() {
    return streamKey;
  }

  /**
   * XGROUP CREATE ... 0 MKSTREAM: from the start of the stream, so entries added before the group
   * existed are not skipped. An existing group (BUSYGROUP) is fine.
   */
  Mono<Void> ensureGroup() {
    return commands()
        .xGroupCreate(key(), RedisKeys.ENRICHMENT_GROUP, START_OF_STREAM, true)
        .timeout(COMMAND_TIMEOUT)
        .onErrorResume(RedisErrors::isBusyGroup, e -> Mono.empty())
        .then();
  }

  /** XREADGROUP ... STREAMS key {@code afterId}: own entries delivered but not acknowledged. */
  Mono<List<StreamEntry>> readPending(String afterId) {
    return read(pendingRead, ReadOffset.from(afterId)).timeout(COMMAND_TIMEOUT);
  }

  /** XREADGROUP ... BLOCK t STREAMS key >: new entries, waiting at most the block timeout. */
  Mono<List<StreamEntry>> readNew() {
    return read(newRead, ReadOffset.lastConsumed()).timeout(readTimeout);
  }

  Mono<Void> acknowledge(List<String> ids) {
    if (ids.isEmpty()) {
      return Mono.empty();
    }
    return commands()
        .xAck(key(), RedisKeys.ENRICHMENT_GROUP, ids.toArray(String[]::new))
        .timeout(COMMAND_TIMEOUT)
        .then();
  }

  private Mono<List<StreamEntry>> read(StreamReadOptions options, ReadOffset offset) {
    return commands()
        .xReadGroup(consumer, options, StreamOffset.create(key(), offset))
        .map(ConsumerGroupClient::toEntry)
        .collectList();
  }

  private static StreamEntry toEntry(ByteBufferRecord record) {
    Map<ByteBuffer, ByteBuffer> raw = record.getValue();
    Map<String, String> fields = new LinkedHashMap<>(raw == null ? 0 : raw.size() * 2);
    if (raw != null) {
      raw.forEach((field, value) -> fields.put(text(field), text(value)));
    }
    return new StreamEntry(record.getId().getValue(), fields);
  }

  private static String text(ByteBuffer buffer) {
    return buffer == null ? null : StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
  }

  private ByteBuffer key() {
    return rawStreamKey.duplicate();
  }

  private ReactiveStreamCommands commands() {
    ReactiveRedisConnection current = connection;
    if (current == null) {
      synchronized (this) {
        current = connection;
        if (current == null) {
          current = connectionFactory.getReactiveConnection();
          connection = current;
        }
      }
    }
    return current.streamCommands();
  }

  /**
   * Closes the connection, and with it the dedicated one of the blocking reads. Called when the
   * loop stops, which is before the connection factory stops (phase 0); the next command opens a
   * new connection.
   */
  synchronized void close() {
    ReactiveRedisConnection current = connection;
    connection = null;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public void destroy() {
    close();
  }
}
