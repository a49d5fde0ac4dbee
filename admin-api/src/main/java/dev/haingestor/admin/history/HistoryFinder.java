package dev.haingestor.admin.history;

import dev.haingestor.admin.influx.InfluxQlClient;
import dev.haingestor.admin.influx.InfluxSeries;
import dev.haingestor.admin.problem.ApiProblemException;
import dev.haingestor.common.entities.EntityIndexKeys;
import dev.haingestor.common.event.EntityIds;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.schema.HaSchema;
import dev.haingestor.common.stream.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads an entity's {@code value} field: from the history block cache ({@link HistoryBlocks}) when
 * the range is short enough, else from InfluxDB with one InfluxQL statement over every measurement
 * (HA's schema names them by unit). Request values are bind parameters ({@code $domain}, {@code
 * $object_id}, {@code $start}, {@code $end}); the only other variable parts of the text are the
 * aggregation's name from {@link Aggregation}, the bucket length in whole seconds and the limit,
 * all produced here from validated values, never copied from the request.
 */
@Component
class HistoryFinder {

  private static final Duration INDEX_TIMEOUT = Duration.ofSeconds(5);

  private final InfluxQlClient influx;
  private final HistoryBlocks blocks;
  private final ReactiveStringRedisTemplate redis;
  private final String entityIndex;
  private final HistoryProperties limits;
  private final Clock clock;

  HistoryFinder(
      InfluxQlClient influx,
      HistoryBlocks blocks,
      ReactiveStringRedisTemplate redis,
      RedisKeys keys,
      HistoryProperties limits,
      Clock clock) {
    this.influx = influx;
    this.blocks = blocks;
    this.redis = redis;
    this.entityIndex = new EntityIndexKeys(keys).index();
    this.limits = limits;
    this.clock = clock;
  }

  /**
   * The history; fails with a 404 problem when there is no point in the range and the entity is not
   * in the entity index either (an unknown entity rather than a quiet one).
   */
  Mono<History> find(HistoryQuery query) {
    return points(query)
        .flatMap(
            history ->
                history.count() > 0
                    ? Mono.just(history)
                    : redis
                        .opsForHash()
                        .hasKey(entityIndex, query.entityId())
                        .timeout(INDEX_TIMEOUT)
                        .flatMap(
                            known ->
                                known
                                    ? Mono.just(history)
                                    : Mono.error(
                                        ApiProblemException.notFound(
                                            "Entity "
                                                + query.entityId()
                                                + " has no points in the range and is not in the"
                                                + " entity index"))));
  }

  private Mono<History> points(HistoryQuery query) {
    HistoryQuery.Resolved plan = query.resolve(clock.instant(), limits);
    if (blocks.serves(plan.start(), plan.end())) {
      return blocks
          .blocks(query.entityId(), plan.start(), plan.end())
          .map(found -> BlockHistory.history(query.entityId(), plan, found, limits.maxPoints()))
          .switchIfEmpty(Mono.defer(() -> fromInflux(query, plan)));
    }
    return fromInflux(query, plan);
  }

  /** InfluxDB aggregates or returns the range itself. */
  private Mono<History> fromInflux(HistoryQuery query, HistoryQuery.Resolved plan) {
    if (!plan.raw()) {
      return downsampled(query.entityId(), plan);
    }
    return influx
        .query(rawStatement(limits.maxPoints()), parameters(query.entityId(), plan))
        .flatMap(
            series ->
                series.stream().anyMatch(s -> s.values().size() > limits.maxPoints())
                    // Too many stored points for the range: downsample instead.
                    ? downsampled(query.entityId(), plan)
                    : Mono.just(history(query.entityId(), plan, series)));
  }

  private Mono<History> downsampled(String entityId, HistoryQuery.Resolved plan) {
    HistoryQuery.Resolved aggregated =
        new HistoryQuery.Resolved(plan.start(), plan.end(), false, plan.every(), plan.fn());
    return influx
        .query(
            aggregateStatement(aggregated.fn(), aggregated.every(), limits.maxPoints()),
            parameters(entityId, aggregated))
        .map(series -> history(entityId, aggregated, series));
  }

  /** One point more than the answer may hold, so that a cut-off is noticed. */
  static String rawStatement(int maxPoints) {
    return pointsStatement("<=", maxPoints + 1L);
  }

  /**
   * The stored points of {@code $start <= time < $end}, at most {@code limit} per measurement: what
   * the history block cache fetches (an hour's end is the next hour's start).
   */
  static String blockStatement(long limit) {
    return pointsStatement("<", limit);
  }

  private static String pointsStatement(String endComparison, long limit) {
    return "SELECT "
        + quoted(HaSchema.FIELD_VALUE)
        + " FROM /.*/ WHERE "
        + conditions(endComparison)
        + " ORDER BY time ASC LIMIT "
        + limit;
  }

  static String aggregateStatement(Aggregation fn, Duration every, int maxPoints) {
    return "SELECT "
        + fn.influxQl(HaSchema.FIELD_VALUE)
        + " AS "
        + quoted(HaSchema.FIELD_VALUE)
        + " FROM /.*/ WHERE "
        + conditions("<=")
        + " GROUP BY time("
        + every.toSeconds()
        + "s) fill(none) LIMIT "
        // the first bucket may start before the range: one more than the bound allows
        + (maxPoints + 1);
  }

  /**
   * @param endComparison {@code <=} (an inclusive end) or {@code <}
   */
  private static String conditions(String endComparison) {
    return quoted(HaSchema.TAG_DOMAIN)
        + " = $domain AND "
        + quoted(HaSchema.TAG_ENTITY_ID)
        + " = $object_id AND time >= $start AND time "
        + endComparison
        + " $end";
  }

  static Map<String, Object> parameters(String entityId, HistoryQuery.Resolved plan) {
    return bindings(entityId, plan.start(), plan.end());
  }

  /** The bind parameters {@code $domain}, {@code $object_id}, {@code $start} and {@code $end}. */
  static Map<String, Object> bindings(String entityId, Instant start, Instant end) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("domain", EntityIds.domain(entityId));
    params.put("object_id", EntityIds.objectId(entityId));
    params.put("start", DateTimeFormatter.ISO_INSTANT.format(start));
    params.put("end", DateTimeFormatter.ISO_INSTANT.format(end));
    return params;
  }

  static History history(String entityId, HistoryQuery.Resolved plan, List<InfluxSeries> found) {
    List<History.Series> series = new ArrayList<>();
    for (InfluxSeries one : found) {
      List<History.Point> points = new ArrayList<>(one.values().size());
      int time = one.columns().indexOf("time");
      int value = one.columns().indexOf(HaSchema.FIELD_VALUE);
      for (List<Object> row : one.values()) {
        if (time < 0 || value < 0 || !(row.get(value) instanceof Number number)) {
          continue;
        }
        long nanos = ((Number) row.get(time)).longValue();
        points.add(
            new History.Point(
                HaTimestamps.format(PointBlock.instant(nanos)), number.doubleValue()));
      }
      series.add(new History.Series(one.name(), points));
    }
    return assemble(entityId, plan, series);
  }

  /**
   * The answer: series by measurement name, the point count, and {@code every} and {@code fn}
   * unless the points are the stored ones.
   */
  static History assemble(
      String entityId, HistoryQuery.Resolved plan, List<History.Series> series) {
    List<History.Series> sorted = new ArrayList<>(series);
    sorted.sort(Comparator.comparing(History.Series::measurement));
    int count = 0;
    for (History.Series one : sorted) {
      count += one.points().size();
    }
    return new History(
        entityId,
        HaTimestamps.format(plan.start()),
        HaTimestamps.format(plan.end()),
        plan.raw(),
        plan.raw() ? null : compact(plan.every()),
        plan.raw() ? null : plan.fn().wireName(),
        sorted,
        count);
  }

  /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}: the largest whole unit. */
  static String compact(Duration every) {
    long seconds = every.toSeconds();
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  private static String quoted(String identifier) {
    return '"' + identifier + '"';
  }
}
