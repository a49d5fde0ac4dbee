package dev.haingestor.benchmarks.measure;

import dev.haingestor.testsupport.RedisServer;
import dev.haingestor.testsupport.redis.RespConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads Redis' own figures: memory, and the state of the event stream's consumer group. */
public final class RedisProbe implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final double MB = 1024.0 * 1024.0;

  private final RespConnection connection;

  private RedisProbe(RespConnection connection) {
    this.connection = connection;
  }

  public static RedisProbe open(RedisServer redis) {
    RespConnection connection = RespConnection.open(redis.host(), redis.port(), TIMEOUT);
    if (redis.password() != null) {
      connection.command("AUTH", redis.password());
    }
    return new RedisProbe(connection);
  }

  /**
   * @param usedMb {@code used_memory}: what Redis allocated
   * @param rssMb {@code used_memory_rss}: resident in the OS
   * @param peakMb {@code used_memory_peak}
   */
  public record Memory(double usedMb, double rssMb, double peakMb) {}

  /** {@code INFO memory}. */
  public synchronized Memory memory() {
    Map<String, String> info = info("memory");
    return new Memory(
        megabytes(info, "used_memory"),
        megabytes(info, "used_memory_rss"),
        megabytes(info, "used_memory_peak"));
  }

  private static double megabytes(Map<String, String> info, String field) {
    return Math.round(Long.parseLong(info.getOrDefault(field, "0")) / MB * 10) / 10.0;
  }

  /** {@code XLEN}. */
  public synchronized long length(String stream) {
    return (Long) connection.command("XLEN", stream);
  }

  /** The newest id added to the stream ({@code XINFO STREAM}'s {@code last-generated-id}). */
  public synchronized StreamId lastGeneratedId(String stream) {
    List<?> reply = (List<?>) connection.command("XINFO", "STREAM", stream);
    return StreamId.parse((String) field(reply, "last-generated-id"));
  }

  /**
   * @param pending entries delivered to the group and not acknowledged
   * @param lastDelivered the newest id delivered to the group
   */
  public record Group(long pending, StreamId lastDelivered) {}

  /** The group's state ({@code XINFO GROUPS}), or null when the group does not exist yet. */
  public synchronized Group group(String stream, String group) {
    List<?> groups = (List<?>) connection.command("XINFO", "GROUPS", stream);
    for (Object candidate : groups) {
      List<?> fields = (List<?>) candidate;
      if (group.equals(field(fields, "name"))) {
        return new Group(
            (Long) field(fields, "pending"),
            StreamId.parse((String) field(fields, "last-delivered-id")));
      }
    }
    return null;
  }

  /**
   * How far the two stages got, from Redis' own counters (Redis 7): entries added to the stream
   * (the ingestion service's XADDs) and entries the group acknowledged (the enrichment service's
   * XACKs after InfluxDB's 2xx), computed as {@code entries-read − pending}.
   *
   * @param added {@code entries-added} of the stream
   * @param acknowledged entries read by the group and no longer pending
   * @param pending entries delivered and not acknowledged
   * @param lastGenerated the stream's newest id
   * @param lastDelivered the group's newest delivered id
   */
  public record Progress(
      long added,
      long acknowledged,
      long pending,
      StreamId lastGenerated,
      StreamId lastDelivered) {}

  /** The stream's and the group's counters now; zeros while the stream does not exist. */
  public synchronized Progress progress(String stream, String group) {
    if ((Long) connection.command("EXISTS", stream) == 0) {
      return new Progress(0, 0, 0, StreamId.ZERO, StreamId.ZERO);
    }
    List<?> info = (List<?>) connection.command("XINFO", "STREAM", stream);
    long added = (Long) field(info, "entries-added");
    StreamId lastGenerated = StreamId.parse((String) field(info, "last-generated-id"));
    List<?> groups = (List<?>) connection.command("XINFO", "GROUPS", stream);
    for (Object candidate : groups) {
      List<?> fields = (List<?>) candidate;
      if (group.equals(field(fields, "name"))) {
        long pending = (Long) field(fields, "pending");
        Object read = field(fields, "entries-read");
        long entriesRead = read instanceof Long l ? l : 0;
        return new Progress(
            added,
            Math.max(0, entriesRead - pending),
            pending,
            lastGenerated,
            StreamId.parse((String) field(fields, "last-delivered-id")));
      }
    }
    return new Progress(added, 0, 0, lastGenerated, StreamId.ZERO);
  }

  /** The oldest pending id of the group ({@code XPENDING} summary), or null when none is. */
  public synchronized StreamId oldestPending(String stream, String group) {
    List<?> summary = (List<?>) connection.command("XPENDING", stream, group);
    Object smallest = summary.size() > 1 ? summary.get(1) : null;
    return smallest == null ? null : StreamId.parse((String) smallest);
  }

  private Map<String, String> info(String section) {
    String text = (String) connection.command("INFO", section);
    Map<String, String> values = new TreeMap<>();
    for (String line : text.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        values.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return values;
  }

  private static Object field(List<?> flat, String name) {
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      if (name.equals(flat.get(i))) {
        return flat.get(i + 1);
      }
    }
    throw new IllegalStateException("Redis reply has no " + name + ": " + flat);
  }

  @Override
  public synchronized void close() {
    connection.close();
  }

  /** A stream entry id {@code <ms>-<seq>}, ordered as Redis orders them. */
  public record StreamId(long millis, long sequence) implements Comparable<StreamId> {

    public static final StreamId ZERO = new StreamId(0, 0);

    public static StreamId parse(String id) {
      int dash = id.indexOf('-');
      return dash < 0
          ? new StreamId(Long.parseLong(id), 0)
          : new StreamId(
              Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
    }

    @Override
    public int compareTo(StreamId other) {
      int byMillis = Long.compare(millis, other.millis);
      return byMillis != 0 ? byMillis : Long.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
      return millis + "-" + sequence;
    }
  }
}
