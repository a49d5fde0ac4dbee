package dev.haingestor.admin.stats;

import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.stats.PipelineStage;
import dev.haingestor.common.stats.StatsKeys;
import dev.haingestor.common.stream.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sums the per-minute stage counters ({@link StatsKeys}, written by the services once per batch)
 * over a window. The summing runs inside Redis, one short script per stage and hour of minutes (at
 * most 60 {@code HGETALL}s each, all keys declared), so the 24 h window costs 7 × 25 round trips
 * instead of 7 × 1440, and no script holds Redis for long. Minutes without counts have no hash and
 * add nothing.
 */
@Component
class StatsReader {

  /** Minute hashes summed by one script call. */
  static final int MINUTES_PER_CALL = 60;

  /** Script calls in flight at once. */
  private static final int CONCURRENCY = 8;

  /** Sums the fields of every hash in KEYS; answers a flat field/value list. */
  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> SUM_HASHES =
      RedisScript.of(
          """
          local sums = {}
          for _, key in ipairs(KEYS) do
            local flat = redis.call('HGETALL', key)
            for i = 1, #flat, 2 do
              local n = tonumber(flat[i + 1])
              if n then sums[flat[i]] = (sums[flat[i]] or 0) + n end
            end
          end
          local out = {}
          for field, count in pairs(sums) do
            out[#out + 1] = field
            out[#out + 1] = string.format('%.0f', count)
          end
          return out
          """,
          List.class);

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ReactiveStringRedisTemplate redis;
  private final StatsKeys keys;
  private final Clock clock;

  StatsReader(ReactiveStringRedisTemplate redis, RedisKeys keys, Clock clock) {
    this.redis = redis;
    this.keys = new StatsKeys(keys);
    this.clock = clock;
  }

  Mono<StatsReport> read(StatsQuery query) {
    Instant now = clock.instant();
    long currentMinute = StatsKeys.epochMinute(now);
    long firstMinute = currentMinute - query.window().minutes() + 1;
    Instant from = Instant.ofEpochSecond(firstMinute * 60);
    return Flux.fromArray(PipelineStage.values())
        .flatMap(
            stage -> sum(stage, firstMinute, currentMinute).map(counts -> Map.entry(stage, counts)),
            PipelineStage.values().length)
        .collectMap(
            Map.Entry::getKey, Map.Entry::getValue, () -> new EnumMap<>(PipelineStage.class))
        .timeout(TIMEOUT)
        .map(counts -> report(query, counts, from, now));
  }

  private Mono<StageCounts> sum(PipelineStage stage, long firstMinute, long lastMinute) {
    return Flux.range(0, (int) (lastMinute - firstMinute + 1))
        .map(offset -> keys.minute(stage, firstMinute + offset))
        .buffer(MINUTES_PER_CALL)
        .flatMap(minuteKeys -> redis.execute(SUM_HASHES, minuteKeys, List.of()), CONCURRENCY)
        .collect(StageCounts::new, StatsReader::addFlat);
  }

  /** Adds a script's flat answer {@code [field, count, field, count, …]}. */
  private static void addFlat(StageCounts counts, List<?> flat) {
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      counts.add(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
    }
  }

  static StatsReport report(
      StatsQuery query, Map<PipelineStage, StageCounts> counts, Instant from, Instant now) {
    long seconds = Math.max(1, Duration.between(from, now).toSeconds());
    Map<String, StatsReport.Rate> stages = new LinkedHashMap<>();
    for (PipelineStage stage : PipelineStage.values()) {
      stages.put(stage.wireName(), StatsReport.Rate.of(total(counts, stage), seconds));
    }
    StageCounts in = counts.getOrDefault(PipelineStage.RECEIVED, new StageCounts());
    StageCounts out = counts.getOrDefault(PipelineStage.WRITTEN, new StageCounts());
    return new StatsReport(
        query.window().wireName(),
        HaTimestamps.format(from),
        HaTimestamps.format(now),
        seconds,
        StatsReport.Rate.of(in.total(), seconds),
        StatsReport.Rate.of(out.total(), seconds),
        stages,
        domains(in, out, seconds),
        topEntities(in, out, seconds, query.top()),
        total(counts, PipelineStage.REJECTED),
        total(counts, PipelineStage.DEAD_LETTERED),
        total(counts, PipelineStage.BACKFILLED));
  }

  private static long total(Map<PipelineStage, StageCounts> counts, PipelineStage stage) {
    StageCounts stageCounts = counts.get(stage);
    return stageCounts == null ? 0 : stageCounts.total();
  }

  /** Every domain seen in or out; most events in first, then by name. */
  private static List<StatsReport.DomainStats> domains(
      StageCounts in, StageCounts out, long seconds) {
    Set<String> names = new TreeSet<>(in.domains().keySet());
    names.addAll(out.domains().keySet());
    List<StatsReport.DomainStats> domains = new ArrayList<>(names.size());
    for (String name : names) {
      domains.add(
          new StatsReport.DomainStats(
              name,
              StatsReport.Rate.of(in.domains().getOrDefault(name, 0L), seconds),
              StatsReport.Rate.of(out.domains().getOrDefault(name, 0L), seconds)));
    }
    domains.sort(
        Comparator.comparingLong((StatsReport.DomainStats d) -> d.in().count())
            .reversed()
            .thenComparing(StatsReport.DomainStats::domain));
    return domains;
  }

  /**
   * The {@code top} entities by events in (by events out where ingestion counted none, e.g. when
   * only enrichment runs); ties by entity id.
   */
  private static List<StatsReport.EntityStats> topEntities(
      StageCounts in, StageCounts out, long seconds, int top) {
    Map<String, Long> ranking = in.entities().isEmpty() ? out.entities() : in.entities();
    return ranking.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(top)
        .map(
            e ->
                new StatsReport.EntityStats(
                    e.getKey(),
                    StatsReport.Rate.of(in.entities().getOrDefault(e.getKey(), 0L), seconds),
                    StatsReport.Rate.of(out.entities().getOrDefault(e.getKey(), 0L), seconds)))
        .toList();
  }
}
