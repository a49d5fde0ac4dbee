package dev.haingestor.e2e.faults;

import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.testsupport.InfluxQl;
import dev.haingestor.testsupport.redis.RespConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Counts what reached the end of the pipeline: the points in InfluxDB per (entity_id, time) — the
 * identity of an event — the entries still pending in the consumer group, and the dead letters.
 */
final class Delivery {

  /** Points further apart than this are read with separate queries (e.g. two days back). */
  private static final Duration RANGE_SPLIT = Duration.ofMinutes(1);

  private final InfluxQl influxQl;
  private final String database;
  private final RedisKeys keys;

  Delivery(InfluxQl influxQl, String database, RedisKeys keys) {
    this.influxQl = influxQl;
    this.database = database;
    this.keys = keys;
  }

  /**
   * The identity of an event, and of its point: HA's recorder has one state per entity and time.
   */
  record Identity(String entityId, Instant time) {
    Identity {
      Objects.requireNonNull(entityId, "entityId");
      Objects.requireNonNull(time, "time");
    }

    @Override
    public String toString() {
      return entityId + "@" + time;
    }
  }

  /**
   * What InfluxDB holds for {@code expected}.
   *
   * @param stored expected identities with at least one point
   * @param duplicates extra points beyond one per identity (over all measurements and tag sets)
   * @param missing some identities without a point, for the failure message
   */
  record Tally(int stored, int duplicates, List<Identity> missing) {}

  /** Number of points per identity around the given times (queried in clusters). */
  Map<Identity, Integer> pointsAround(Collection<Identity> identities) {
    Map<Identity, Integer> points = new HashMap<>();
    List<Instant> times = identities.stream().map(Identity::time).sorted().toList();
    int from = 0;
    while (from < times.size()) {
      int to = from;
      while (to + 1 < times.size()
          && Duration.between(times.get(to), times.get(to + 1)).compareTo(RANGE_SPLIT) <= 0) {
        to++;
      }
      String query =
          "SELECT * FROM /.*/ WHERE time >= '"
              + times.get(from)
              + "' AND time <= '"
              + times.get(to)
              + "'";
      for (InfluxQl.Series series : influxQl.query(database, query)) {
        for (Map<String, Object> row : series.rows()) {
          Identity identity =
              new Identity(
                  row.get("domain") + "." + row.get("entity_id"), (Instant) row.get("time"));
          points.merge(identity, 1, Integer::sum);
        }
      }
      from = to + 1;
    }
    return points;
  }

  Tally tally(Collection<Identity> expected) {
    Map<Identity, Integer> points = pointsAround(expected);
    int stored = 0;
    int duplicates = 0;
    List<Identity> missing = new ArrayList<>();
    for (Identity identity : expected) {
      int count = points.getOrDefault(identity, 0);
      if (count > 0) {
        stored++;
        duplicates += count - 1;
      } else if (missing.size() < 10) {
        missing.add(identity);
      }
    }
    return new Tally(stored, duplicates, missing);
  }

  /** Pending entries of the consumer group and whether it has read to the stream's end. */
  record GroupState(long pending, boolean readToEnd, Map<String, Long> pendingByConsumer) {
    boolean drained() {
      return pending == 0 && readToEnd;
    }
  }

  GroupState groupState(RespConnection redis) {
    List<?> summary =
        (List<?>) redis.command("XPENDING", keys.events(), RedisKeys.ENRICHMENT_GROUP);
    long pending = (Long) summary.get(0);
    Map<String, Long> byConsumer = new LinkedHashMap<>();
    if (summary.get(3) instanceof List<?> consumers) {
      for (Object consumer : consumers) {
        List<?> pair = (List<?>) consumer;
        byConsumer.put((String) pair.get(0), Long.parseLong((String) pair.get(1)));
      }
    }
    String lastGenerated =
        (String)
            field((List<?>) redis.command("XINFO", "STREAM", keys.events()), "last-generated-id");
    String lastDelivered = null;
    for (Object group : (List<?>) redis.command("XINFO", "GROUPS", keys.events())) {
      List<?> fields = (List<?>) group;
      if (RedisKeys.ENRICHMENT_GROUP.equals(field(fields, "name"))) {
        lastDelivered = (String) field(fields, "last-delivered-id");
      }
    }
    return new GroupState(pending, lastGenerated.equals(lastDelivered), byConsumer);
  }

  /** A dead letter: its stream id and fields ({@code reason}, {@code detail}, {@code raw}, …). */
  record DeadLetter(String id, Map<String, String> fields) {
    String reason() {
      return fields.getOrDefault("reason", "");
    }
  }

  /** Dead letters added at or after {@code since} (by their stream ids' time). */
  List<DeadLetter> deadLettersSince(RespConnection redis, Instant since) {
    List<DeadLetter> letters = new ArrayList<>();
    List<?> entries =
        (List<?>)
            redis.command(
                "XRANGE", keys.deadLetters(), since.toEpochMilli() + "-0", "+", "COUNT", "10000");
    for (Object entry : entries) {
      List<?> pair = (List<?>) entry;
      List<?> flat = (List<?>) pair.get(1);
      Map<String, String> fields = new LinkedHashMap<>();
      for (int i = 0; i + 1 < flat.size(); i += 2) {
        fields.put((String) flat.get(i), (String) flat.get(i + 1));
      }
      letters.add(new DeadLetter((String) pair.get(0), fields));
    }
    letters.sort(Comparator.comparing(DeadLetter::id));
    return letters;
  }

  private static Object field(List<?> flat, String name) {
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      if (name.equals(flat.get(i))) {
        return flat.get(i + 1);
      }
    }
    return null;
  }
}
