package dev.haingestor.ingestion.publish;

import dev.haingestor.common.redis.Utf8StringCodec;
import dev.haingestor.common.stream.StreamEntry;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.output.VoidOutput;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;

/**
 * Appends entries to a Redis stream with pipelined {@code XADD}s on a connection of its own: every
 * XADD of a round is written to the socket in one flush, without waiting in between, and the
 * replies are awaited together. Redis executes them in the order sent.
 *
 * <p>Native Lettuce rather than Spring's reactive template: the template costs a connection
 * wrapper, serialisation and a chain of operators per command, which profiling showed to be most of
 * the service's CPU per event. The connection comes from the same client as Spring's (address,
 * credentials, TLS, timeouts, reconnects). Used by the publisher only; each round is flushed in one
 * piece: the connection does not flush by itself ({@code setAutoFlushCommands(false)}).
 */
@Component
public class StreamAppender implements DisposableBean {

  private final LettuceConnectionFactory connectionFactory;
  private final Utf8StringCodec codec = new Utf8StringCodec();
  private volatile StatefulRedisConnection<String, String> connection;
  // The same for every round to the event stream. Guarded by send's lock.
  private XaddArguments.Prefix prefix;

  public StreamAppender(LettuceConnectionFactory connectionFactory) {
    this.connectionFactory = connectionFactory;
  }

  /**
   * XADDs {@code count} entries, in order, trimming with {@code MAXLEN ~ maxLength}. Completes when
   * Redis confirmed all of them; fails with the first error. Either way (and on cancellation, e.g.
   * a timeout) {@code confirmedPrefix} learns, once, how many leading entries Redis confirmed.
   *
   * @param entry the i-th entry; its fields are encoded as it is written to the connection
   * @param sent runs once the XADDs are on the connection, ahead of any later append's (the first
   *     append waits for the connection to open)
   */
  public Mono<Void> append(
      String key,
      long maxLength,
      int count,
      IntFunction<StreamEntry> entry,
      IntConsumer confirmedPrefix,
      Runnable sent) {
    if (count == 0) {
      return Mono.fromRunnable(
          () -> {
            sent.run();
            confirmedPrefix.accept(0);
          });
    }
    return connection()
        .flatMap(
            redis -> {
              CompletableFuture<?>[] replies = send(redis, key, maxLength, count, entry);
              sent.run();
              // Reported before the result is signalled, so that the caller has counted the
              // confirmed entries when it learns the outcome; once, whatever the outcome.
              AtomicBoolean reported = new AtomicBoolean();
              Runnable report =
                  () -> {
                    if (reported.compareAndSet(false, true)) {
                      confirmedPrefix.accept(confirmedPrefix(replies));
                    }
                  };
              return Mono.fromFuture(CompletableFuture.allOf(replies), true)
                  .doOnTerminate(report)
                  .doFinally(
                      signal -> {
                        report.run();
                        if (signal != SignalType.ON_COMPLETE) {
                          // A timeout or a failure: the round is retried, so replies still
                          // awaited are dropped, and commands still queued in Lettuce are not
                          // sent later on top of the retry.
                          for (CompletableFuture<?> reply : replies) {
                            reply.cancel(false);
                          }
                        }
                      });
            });
  }

  /**
   * Queues the round's XADDs and flushes them; one round at a time, so that rounds in flight
   * together (a retry and the next round) reach Redis each in one piece.
   */
  private synchronized CompletableFuture<?>[] send(
      StatefulRedisConnection<String, String> redis,
      String key,
      long maxLength,
      int count,
      IntFunction<StreamEntry> entry) {
    XaddArguments.Prefix start = prefix;
    if (start == null || !start.matches(key, maxLength)) {
      start = new XaddArguments.Prefix(key, maxLength, codec);
      prefix = start;
    }
    RedisAsyncCommands<String, String> commands = redis.async();
    CompletableFuture<?>[] replies = new CompletableFuture<?>[count];
    for (int i = 0; i < replies.length; i++) {
      // The reply, the new entry's id, is not needed: only whether Redis took the entry.
      RedisFuture<Void> reply =
          commands.dispatch(
              CommandType.XADD, new VoidOutput<>(), new XaddArguments(start, entry.apply(i)));
      replies[i] = reply.toCompletableFuture();
    }
    redis.flushCommands();
    return replies;
  }

  private static int confirmedPrefix(CompletableFuture<?>[] replies) {
    int confirmed = 0;
    while (confirmed < replies.length
        && replies[confirmed].isDone()
        && !replies[confirmed].isCompletedExceptionally()) {
      confirmed++;
    }
    return confirmed;
  }

  /**
   * The connection; opened on first use on a thread that may block (Lettuce connects blocking,
   * bounded by the connect timeout), after that Lettuce reconnects it by itself.
   */
  private Mono<StatefulRedisConnection<String, String>> connection() {
    StatefulRedisConnection<String, String> current = connection;
    if (current != null) {
      return Mono.just(current);
    }
    return Mono.fromCallable(this::open).subscribeOn(Schedulers.boundedElastic());
  }

  private synchronized StatefulRedisConnection<String, String> open() {
    if (connection == null) {
      AbstractRedisClient client = connectionFactory.getRequiredNativeClient();
      if (!(client instanceof RedisClient redisClient)) {
        throw new IllegalStateException(
            "A standalone Redis is required (got " + client.getClass().getSimpleName() + ")");
      }
      StatefulRedisConnection<String, String> opened = redisClient.connect(codec);
      opened.setAutoFlushCommands(false);
      // No timer per command: the publisher bounds each round (STREAM_WRITE_TIMEOUT). A command's
      // timer stays in Netty's timer wheel until its next tick, 100 ms, even when cancelled, and
      // with it the command and its arguments: at 40,000 XADDs/s that kept about 4,000 events
      // reachable through every young collection, which promoted them.
      opened.setTimeout(Duration.ZERO);
      connection = opened;
    }
    return connection;
  }

  /** Closes the connection; the next append opens a new one. */
  public synchronized void close() {
    StatefulRedisConnection<String, String> current = connection;
    connection = null;
    if (current != null) {
      current.closeAsync();
    }
  }

  @Override
  public void destroy() {
    close();
  }
}
