package dev.haingestor.enrichment.consume;

import dev.haingestor.common.redis.Utf8StringCodec;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.common.stream.StreamFields;
import dev.haingestor.enrichment.InstanceName;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.Limit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * This instance's membership in the consumer group {@link RedisKeys#ENRICHMENT_GROUP} on the event
 * stream: create the group, read own pending entries, claim idle ones, read new ones, acknowledge,
 * and inspect the group (lag, pending list).
 *
 * <p>Every command goes through native Lettuce connections made by the client of Spring's
 * connection factory (same address, credentials, TLS and reconnect behaviour), not through Spring
 * Data Redis's reactive API: its per-entry records, byte-buffer copies and operator chain were a
 * large share of the consumer's CPU per batch, which is what sets the latency at low rates. Reads
 * of new entries ({@code XREADGROUP ... BLOCK}) run on a connection of their own, so a read waiting
 * for entries stalls nothing else; acknowledgements, claims and inspection share the other one.
 * XAUTOCLAIM, XPENDING with details and XINFO GROUPS are not in Spring Data Redis's API anyway
 * (STACK.md).
 */
@Component
class ConsumerGroupClient implements DisposableBean {

  static final String START_OF_CLAIMS = "0-0";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  // XRANGEs in flight when refused entries are read again: a batch of refusals in a few round
  // trips.
  private static final int FIELDS_CONCURRENCY = 64;

  private final LettuceConnectionFactory connectionFactory;
  private final String streamKey;
  private final io.lettuce.core.Consumer<String> consumer;
  private final Object connectionLock = new Object();
  // Shared by this consumer's connections and kept across reconnects (see Utf8StringCodec).
  private final Utf8StringCodec codec = new Utf8StringCodec(StreamFields.EVENT_ENTRY);
  // Blocking reads of new entries only.
  private volatile StatefulRedisConnection<String, String> readConnection;
  // Everything else: group creation, pending reads, acknowledgements, claims, inspection.
  private volatile StatefulRedisConnection<String, String> commandConnection;

  @Autowired
  ConsumerGroupClient(
      LettuceConnectionFactory connectionFactory, RedisKeys keys, InstanceName instance) {
    this(connectionFactory, keys.events(), instance.value());
  }

  private ConsumerGroupClient(
      LettuceConnectionFactory connectionFactory, String streamKey, String consumerName) {
    this.connectionFactory = connectionFactory;
    this.streamKey = streamKey;
    this.consumer = io.lettuce.core.Consumer.from(RedisKeys.ENRICHMENT_GROUP, consumerName);
  }

  /**
   * Another consumer of the same group on the same Redis, with connections of its own: a further
   * lane of this instance. The caller closes it.
   */
  ConsumerGroupClient forConsumer(String consumerName) {
    return new ConsumerGroupClient(connectionFactory, streamKey, consumerName);
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
    return command(
            redis ->
                redis.xgroupCreate(
                    XReadArgs.StreamOffset.from(streamKey, "0"),
                    RedisKeys.ENRICHMENT_GROUP,
                    XGroupCreateArgs.Builder.mkstream()))
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
    return command(
            redis ->
                redis.xreadgroup(
                    consumer,
                    XReadArgs.Builder.count(count),
                    XReadArgs.StreamOffset.from(streamKey, afterId)))
        .map(ConsumerGroupClient::toEntries)
        .timeout(COMMAND_TIMEOUT);
  }

  /** XREADGROUP ... COUNT n BLOCK t STREAMS key >: new entries, waiting at most {@code block}. */
  Mono<List<StreamEntry>> readNew(int count, Duration block) {
    return connection(() -> readConnection, opened -> readConnection = opened)
        .flatMap(
            redis ->
                Mono.fromCompletionStage(
                    redis
                        .async()
                        .xreadgroup(
                            consumer,
                            XReadArgs.Builder.count(count).block(block),
                            XReadArgs.StreamOffset.lastConsumed(streamKey))))
        .map(ConsumerGroupClient::toEntries)
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
                    XAutoClaimArgs.Builder.xautoclaim(consumer, minIdle, start).count(count)))
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
                    consumer,
                    io.lettuce.core.Range.create(firstId, lastId),
                    Limit.from(count)))
        .collectMap(message -> message.getId(), message -> message.getRedeliveryCount())
        .map(counts -> (Map<String, Long>) new HashMap<>(counts))
        .timeout(COMMAND_TIMEOUT);
  }

  /**
   * XRANGE key id id for each id: the fields of those entries; an id trimmed from the stream
   * meanwhile is missing from the answer.
   */
  Mono<Map<String, Map<String, String>>> fields(List<String> ids) {
    return nativeCommands()
        .flatMapMany(
            redis ->
                Flux.fromIterable(ids)
                    .flatMap(
                        id -> redis.xrange(streamKey, io.lettuce.core.Range.create(id, id)),
                        FIELDS_CONCURRENCY))
        .filter(message -> message.getBody() != null)
        .collectMap(StreamMessage::getId, StreamMessage::getBody)
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
    return command(
            redis -> redis.xack(streamKey, RedisKeys.ENRICHMENT_GROUP, ids.toArray(String[]::new)))
        .timeout(COMMAND_TIMEOUT)
        .then();
  }

  private static List<StreamEntry> toEntries(List<StreamMessage<String, String>> messages) {
    List<StreamEntry> entries = new ArrayList<>(messages.size());
    for (StreamMessage<String, String> message : messages) {
      entries.add(toEntry(message));
    }
    return entries;
  }

  /** Lettuce's body is already a fresh map per entry; {@code null} when it was trimmed. */
  private static StreamEntry toEntry(StreamMessage<String, String> message) {
    Map<String, String> body = message.getBody();
    return new StreamEntry(message.getId(), body == null ? Map.of() : body);
  }

  private static Claim toClaim(ClaimedMessages<String, String> claimed) {
    List<StreamEntry> entries = new ArrayList<>(claimed.getMessages().size());
    for (StreamMessage<String, String> message : claimed.getMessages()) {
      entries.add(toEntry(message));
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

  /** One command on the shared connection, as a Mono completed on Lettuce's thread. */
  private <T> Mono<T> command(
      Function<
              RedisAsyncCommands<String, String>, ? extends java.util.concurrent.CompletionStage<T>>
          call) {
    return connection(() -> commandConnection, opened -> commandConnection = opened)
        .flatMap(redis -> Mono.fromCompletionStage(() -> call.apply(redis.async())));
  }

  private Mono<RedisReactiveCommands<String, String>> nativeCommands() {
    return connection(() -> commandConnection, opened -> commandConnection = opened)
        .map(StatefulRedisConnection::reactive);
  }

  /**
   * A connection, opened on first use off the event loop (Lettuce connects blocking); after that
   * Lettuce reconnects it by itself when Redis restarts.
   */
  private Mono<StatefulRedisConnection<String, String>> connection(
      java.util.function.Supplier<StatefulRedisConnection<String, String>> current,
      java.util.function.Consumer<StatefulRedisConnection<String, String>> keep) {
    StatefulRedisConnection<String, String> open = current.get();
    if (open != null) {
      return Mono.just(open);
    }
    return Mono.fromCallable(() -> openIfAbsent(current, keep))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private StatefulRedisConnection<String, String> openIfAbsent(
      java.util.function.Supplier<StatefulRedisConnection<String, String>> current,
      java.util.function.Consumer<StatefulRedisConnection<String, String>> keep) {
    synchronized (connectionLock) {
      StatefulRedisConnection<String, String> open = current.get();
      if (open == null) {
        AbstractRedisClient client = connectionFactory.getRequiredNativeClient();
        if (!(client instanceof RedisClient redisClient)) {
          throw new IllegalStateException(
              "A standalone Redis is required (got " + client.getClass().getSimpleName() + ")");
        }
        open = redisClient.connect(codec);
        keep.accept(open);
      }
      return open;
    }
  }

  /**
   * Closes both connections (ending a blocking read in progress). Called when the loop stops, which
   * is before the connection factory stops (phase 0); the next command opens a new connection.
   */
  void close() {
    synchronized (connectionLock) {
      closeQuietly(readConnection);
      readConnection = null;
      closeQuietly(commandConnection);
      commandConnection = null;
    }
  }

  private static void closeQuietly(StatefulRedisConnection<String, String> connection) {
    if (connection != null) {
      connection.closeAsync();
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
