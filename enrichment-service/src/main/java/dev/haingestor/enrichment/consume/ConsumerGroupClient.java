package dev.haingestor.enrichment.consume;

import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.enrichment.InstanceName;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.Limit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveStreamCommands;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteBufferRecord;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * This instance's membership in the consumer group {@link RedisKeys#ENRICHMENT_GROUP} on the event
 * stream: create the group, read own pending entries, claim idle ones, read new ones, acknowledge,
 * and inspect the group (lag, pending list).
 *
 * <p>Reads and acknowledgements go through one long-lived Spring {@link ReactiveRedisConnection}.
 * Spring Data Redis runs a <em>blocking</em> XREADGROUP on that connection's dedicated Lettuce
 * connection ({@code LettuceReactiveStreamCommands.read} → {@code executeDedicated}), never on the
 * shared one that the heartbeat and acknowledgements use, so a read waiting for {@code BLOCK}
 * stalls nothing else.
 *
 * <p>XAUTOCLAIM, XPENDING with details and XINFO GROUPS (with {@code lag}) are not in Spring Data
 * Redis's API (STACK.md): they go through a native Lettuce connection made by the same client, so
 * they share its address, credentials and reconnect behaviour.
 */
@Component
class ConsumerGroupClient implements DisposableBean {

  static final String START_OF_CLAIMS = "0-0";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  private static final ReadOffset START_OF_STREAM = ReadOffset.from("0");

  private final LettuceConnectionFactory connectionFactory;
  private final String streamKey;
  private final ByteBuffer rawStreamKey;
  private final Consumer consumer;
  private final io.lettuce.core.Consumer<String> nativeConsumer;
  private volatile ReactiveRedisConnection connection;
  private volatile StatefulRedisConnection<String, String> nativeConnection;

  ConsumerGroupClient(
      LettuceConnectionFactory connectionFactory, RedisKeys keys, InstanceName instance) {
    this.connectionFactory = connectionFactory;
    this.streamKey = keys.events();
    this.rawStreamKey =
        ByteBuffer.wrap(streamKey.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    this.consumer = Consumer.from(RedisKeys.ENRICHMENT_GROUP, instance.value());
    this.nativeConsumer =
        io.lettuce.core.Consumer.from(RedisKeys.ENRICHMENT_GROUP, instance.value());
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

  /**
   * XREADGROUP ... COUNT n STREAMS key {@code afterId}: own entries delivered but not acknowledged.
   * Redis ignores BLOCK when reading pending history; not setting it keeps the read off the
   * dedicated connection.
   */
  Mono<List<StreamEntry>> readPending(String afterId, int count) {
    return read(StreamReadOptions.empty().count(count), ReadOffset.from(afterId))
        .timeout(COMMAND_TIMEOUT);
  }

  /** XREADGROUP ... COUNT n BLOCK t STREAMS key >: new entries, waiting at most {@code block}. */
  Mono<List<StreamEntry>> readNew(int count, Duration block) {
    return read(StreamReadOptions.empty().count(count).block(block), ReadOffset.lastConsumed())
        .timeout(block.plus(COMMAND_TIMEOUT));
  }

  /**
   * XAUTOCLAIM key group me minIdle start COUNT n: takes over entries pending longer than {@code
   * minIdle} in any consumer's list (an instance that crashed or was scaled away). Entries trimmed
   * from the stream meanwhile are dropped from the pending list by Redis (7.0+) and not returned.
   */
  Mono<Claim> claimIdle(String start, Duration minIdle, int count) {
    return nativeCommands()
        .flatMap(
            redis ->
                redis.xautoclaim(
                    streamKey,
                    XAutoClaimArgs.Builder.xautoclaim(nativeConsumer, minIdle, start).count(count)))
        .map(ConsumerGroupClient::toClaim)
        .timeout(COMMAND_TIMEOUT);
  }

  /**
   * How often each of this consumer's pending entries between the two ids was delivered (XPENDING
   * with details); an id missing from the answer was acknowledged meanwhile.
   */
  Mono<Map<String, Long>> deliveryCounts(String firstId, String lastId, int count) {
    return nativeCommands()
        .flatMapMany(
            redis ->
                redis.xpending(
                    streamKey,
                    nativeConsumer,
                    io.lettuce.core.Range.create(firstId, lastId),
                    Limit.from(count)))
        .collectMap(message -> message.getId(), message -> message.getRedeliveryCount())
        .map(counts -> (Map<String, Long>) new HashMap<>(counts))
        .timeout(COMMAND_TIMEOUT);
  }

  /** XINFO GROUPS and XPENDING (summary) for this group; empty when the stream does not exist. */
  Mono<GroupInfo> groupInfo() {
    return nativeCommands()
        .flatMap(
            redis ->
                redis
                    .xinfoGroups(streamKey)
                    .map(ConsumerGroupClient::fields)
                    .filter(group -> RedisKeys.ENRICHMENT_GROUP.equals(group.get("name")))
                    .next()
                    .zipWith(
                        redis
                            .xpending(streamKey, RedisKeys.ENRICHMENT_GROUP)
                            .map(
                                pending ->
                                    pending.getCount() == 0 || pending.getMessageIds() == null
                                        ? ""
                                        : String.valueOf(
                                            pending.getMessageIds().getLower().getValue()))
                            .defaultIfEmpty(""),
                        (group, oldest) ->
                            new GroupInfo(
                                number(group.get("lag")),
                                number(group.get("pending")),
                                oldest.isEmpty() || "null".equals(oldest) ? null : oldest)))
        .timeout(COMMAND_TIMEOUT);
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

  private static Claim toClaim(ClaimedMessages<String, String> claimed) {
    List<StreamEntry> entries = new ArrayList<>(claimed.getMessages().size());
    for (StreamMessage<String, String> message : claimed.getMessages()) {
      Map<String, String> body = message.getBody();
      entries.add(
          new StreamEntry(message.getId(), body == null ? Map.of() : new LinkedHashMap<>(body)));
    }
    return new Claim(claimed.getId(), entries);
  }

  /** An XINFO reply (alternating names and values) as a map. */
  private static Map<String, Object> fields(Object reply) {
    Map<String, Object> fields = new HashMap<>();
    if (reply instanceof List<?> list) {
      for (int i = 0; i + 1 < list.size(); i += 2) {
        fields.put(String.valueOf(list.get(i)), list.get(i + 1));
      }
    }
    return fields;
  }

  private static Long number(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null; // Redis answers nil lag when it cannot tell (e.g. after deletions)
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
   * The native connection, opened on first use off the event loop (Lettuce connects blocking);
   * after that Lettuce reconnects it by itself when Redis restarts.
   */
  private Mono<RedisReactiveCommands<String, String>> nativeCommands() {
    StatefulRedisConnection<String, String> current = nativeConnection;
    if (current != null) {
      return Mono.just(current.reactive());
    }
    return Mono.fromCallable(this::openNativeConnection)
        .subscribeOn(Schedulers.boundedElastic())
        .map(StatefulRedisConnection::reactive);
  }

  private synchronized StatefulRedisConnection<String, String> openNativeConnection() {
    if (nativeConnection == null) {
      AbstractRedisClient client = connectionFactory.getRequiredNativeClient();
      if (!(client instanceof RedisClient redisClient)) {
        throw new IllegalStateException(
            "A standalone Redis is required (got " + client.getClass().getSimpleName() + ")");
      }
      nativeConnection = redisClient.connect(StringCodec.UTF8);
    }
    return nativeConnection;
  }

  /**
   * Closes the connections, and with them the dedicated one of the blocking reads. Called when the
   * loop stops, which is before the connection factory stops (phase 0); the next command opens a
   * new connection.
   */
  synchronized void close() {
    ReactiveRedisConnection current = connection;
    connection = null;
    if (current != null) {
      current.close();
    }
    StatefulRedisConnection<String, String> nativeCurrent = nativeConnection;
    nativeConnection = null;
    if (nativeCurrent != null) {
      nativeCurrent.closeAsync();
    }
  }

  @Override
  public void destroy() {
    close();
  }

  /**
   * One XAUTOCLAIM answer.
   *
   * @param next where the next call continues; {@value #START_OF_CLAIMS} when the scan is done
   * @param entries the claimed entries, now pending for this consumer
   */
  record Claim(String next, List<StreamEntry> entries) {

    boolean scanDone() {
      return START_OF_CLAIMS.equals(next);
    }
  }

  /**
   * The group as XINFO GROUPS and XPENDING see it.
   *
   * @param lag entries not yet delivered to the group, or null when Redis cannot tell
   * @param pending entries delivered but not acknowledged
   * @param oldestPendingId the smallest pending id, or null when none is pending
   */
  record GroupInfo(Long lag, Long pending, String oldestPendingId) {}
}
