package dev.haingestor.benchmarks.reference;

import dev.haingestor.testsupport.RedisServer;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ceiling of the Redis stage: pipelined {@code XADD} of real stream entries on one Lettuce
 * connection, batches written back to back and their replies awaited together — what the ingestion
 * service's publisher does, with nothing else around it.
 */
public final class RedisXaddReference {

  private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Every XADD trims with {@code MAXLEN ~}, as the ingestion service's do; smaller than its default
   * retention (1,000,000) so that the reference reaches the steady state, where trimming is part of
   * the cost, within seconds and without holding a gigabyte in Redis.
   */
  private static final long MAX_LENGTH = 100_000;

  private RedisXaddReference() {}

  /**
   * @param entriesPerSecond XADDs acknowledged per second of wall time
   * @param entryBytes average size of an entry's fields and values
   */
  public record Result(
      long entries, double seconds, double entriesPerSecond, int batchSize, int entryBytes) {}

  /**
   * XADDs {@code entries} (cycled) to {@code key} in pipelined batches for {@code duration}, then
   * deletes the key.
   */
  public static Result measure(
      RedisServer redis,
      String key,
      List<Map<String, String>> entries,
      int batchSize,
      Duration duration) {
    RedisURI.Builder uri = RedisURI.builder().withHost(redis.host()).withPort(redis.port());
    if (redis.password() != null) {
      uri.withPassword(redis.password().toCharArray());
    }
    RedisClient client = RedisClient.create(uri.build());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisAsyncCommands<String, String> commands = connection.async();
      XAddArgs args = XAddArgs.Builder.maxlen(MAX_LENGTH).approximateTrimming();
      connection.setAutoFlushCommands(false);
      // One untimed batch first: connection set-up and JIT of the client are not Redis' cost.
      writeBatch(connection, commands, key, args, entries, batchSize, 0);
      long written = 0;
      long start = System.nanoTime();
      long deadline = start + duration.toNanos();
      while (System.nanoTime() < deadline) {
        writeBatch(connection, commands, key, args, entries, batchSize, written);
        written += batchSize;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      connection.setAutoFlushCommands(true);
      connection.sync().del(key);
      return new Result(
          written,
          Math.round(seconds * 1000) / 1000.0,
          Math.round(written / seconds),
          batchSize,
          averageBytes(entries));
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    }
  }

  private static void writeBatch(
      StatefulRedisConnection<String, String> connection,
      RedisAsyncCommands<String, String> commands,
      String key,
      XAddArgs args,
      List<Map<String, String>> entries,
      int batchSize,
      long offset) {
    List<RedisFuture<String>> replies = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      replies.add(commands.xadd(key, args, entries.get((int) ((offset + i) % entries.size()))));
    }
    connection.flushCommands();
    if (!LettuceFutures.awaitAll(BATCH_TIMEOUT, replies.toArray(new RedisFuture<?>[0]))) {
      throw new IllegalStateException("XADD batch not acknowledged within " + BATCH_TIMEOUT);
    }
  }

  private static int averageBytes(List<Map<String, String>> entries) {
    long total = 0;
    for (Map<String, String> entry : entries) {
      for (Map.Entry<String, String> field : entry.entrySet()) {
        total += field.getKey().getBytes(StandardCharsets.UTF_8).length;
        total += field.getValue().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return (int) (total / Math.max(1, entries.size()));
  }
}
