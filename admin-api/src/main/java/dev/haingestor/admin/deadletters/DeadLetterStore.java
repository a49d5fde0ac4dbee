package dev.haingestor.admin.deadletters;

import dev.haingestor.admin.StreamRetentionProperties;
import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.common.stream.StreamFields;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dead-letter stream ({@link RedisKeys#deadLetters()}): list, delete, and replay into the event
 * stream.
 *
 * <p>A replay moves one entry with one Lua script, atomic in Redis: if the dead letter still
 * exists, {@code XADD} its original fields to the event stream (trimmed like the ingestion service
 * trims it), then {@code XDEL} it. An entry is therefore never lost (the delete comes after the
 * add, and a failing add aborts the script) and never replayed twice (a concurrent replay finds it
 * gone and adds nothing). Both keys must live on one Redis node (no cluster), as all pipeline keys
 * do.
 */
@Component
class DeadLetterStore {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterStore.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int SCAN_CHUNK = 200;

  /* KEYS[1] dead letters, KEYS[2] events; ARGV[1] dead-letter id, ARGV[2] MAXLEN, ARGV[3..] fields. */
  private static final RedisScript<String> MOVE_BACK =
      RedisScript.of(
          """
          if #redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1]) == 0 then return false end
          local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', unpack(ARGV, 3))
          redis.call('XDEL', KEYS[1], ARGV[1])
          return id
          """,
          String.class);

  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;
  private final Replayability replayability;
  private final DeadLettersProperties properties;
  private final long streamMaxLength;
  private final Counter replayed;

  DeadLetterStore(
      ReactiveStringRedisTemplate redis,
      RedisKeys keys,
      JsonMapper jsonMapper,
      DeadLettersProperties properties,
      StreamRetentionProperties retention,
      MeterRegistry meters) {
    this.redis = redis;
    this.keys = keys;
    this.replayability = new Replayability(jsonMapper);
    this.properties = properties;
    this.streamMaxLength = retention.maxLength();
    this.replayed =
        Counter.builder(MetricNames.ADMIN_DEAD_LETTERS_REPLAYED)
            .description("Dead letters moved back to the event stream")
            .register(meters);
  }

  /**
   * Newest first, from just before {@code before} (or the newest), at most {@code limit} matching
   * {@code reason}; reading at most {@code scanMax} entries, so a rare reason costs bounded work
   * (then {@code next_before} lets the caller continue).
   */
  Mono<DeadLetterPage> list(RejectionReason reason, String before, int limit) {
    return Mono.zip(
            scanNewestFirst(before, reason, limit),
            redis.opsForStream().size(keys.deadLetters()).defaultIfEmpty(0L))
        .timeout(TIMEOUT)
        .map(
            parts -> {
              Scan scan = parts.getT1();
              List<DeadLetter> page = scan.matches().stream().map(this::toDeadLetter).toList();
              return new DeadLetterPage(page, page.size(), parts.getT2(), scan.next());
            });
  }

  /** Deletes one entry; {@code false} when it does not exist. */
  Mono<Boolean> delete(String id) {
    return redis
        .opsForStream()
        .delete(keys.deadLetters(), id)
        .timeout(TIMEOUT)
        .map(deleted -> deleted > 0);
  }

  Mono<ReplayResult> replay(ReplayRequest request) {
    Mono<List<MapRecord<String, String, String>>> selected =
        request.ids() != null ? byIds(request) : oldestMatching(request);
    return selected.flatMap(records -> moveBack(records, request.limit())).timeout(TIMEOUT);
  }

  /** The requested entries in the order asked; a missing one as an empty record (skipped later). */
  private Mono<List<MapRecord<String, String, String>>> byIds(ReplayRequest request) {
    return Flux.fromIterable(request.ids())
        .concatMap(
            id ->
                records(redis.opsForStream().range(keys.deadLetters(), Range.closed(id, id)))
                    .next()
                    .defaultIfEmpty(
                        MapRecord.create(keys.deadLetters(), Map.<String, String>of())
                            .withId(RecordId.of(id))))
        .collectList();
  }

  private Mono<List<MapRecord<String, String, String>>> oldestMatching(ReplayRequest request) {
    // One more replayable match than the limit tells whether more remain.
    return scanOldestFirst(request.reason(), request.limit() + 1).map(Scan::matches);
  }

  private Mono<ReplayResult> moveBack(List<MapRecord<String, String, String>> records, int limit) {
    List<ReplayResult.Replayed> done = new ArrayList<>();
    List<ReplayResult.Skipped> skipped = new ArrayList<>();
    List<MapRecord<String, String, String>> toMove = new ArrayList<>();
    boolean more = false;
    for (MapRecord<String, String, String> record : records) {
      String id = record.getId().getValue();
      if (record.getValue().isEmpty()) {
        skipped.add(new ReplayResult.Skipped(id, "not found"));
        continue;
      }
      Replayability.Verdict verdict = replayability.judge(record.getValue());
      if (!verdict.replayable()) {
        skipped.add(new ReplayResult.Skipped(id, verdict.reason()));
      } else if (toMove.size() < limit) {
        toMove.add(record);
      } else {
        more = true;
      }
    }
    boolean moreMatches = more;
    return Flux.fromIterable(toMove)
        .concatMap(
            record ->
                moveBack(record)
                    .map(
                        eventId -> {
                          done.add(new ReplayResult.Replayed(record.getId().getValue(), eventId));
                          replayed.increment();
                          return eventId;
                        })
                    .switchIfEmpty(
                        Mono.fromRunnable(
                            () ->
                                skipped.add(
                                    new ReplayResult.Skipped(
                                        record.getId().getValue(),
                                        "removed meanwhile (replayed or deleted by another"
                                            + " request)")))))
        .then(
            Mono.fromSupplier(
                () -> {
                  if (!done.isEmpty()) {
                    log.info(
                        "Replayed {} dead letters into {} ({} skipped)",
                        done.size(),
                        keys.events(),
                        skipped.size());
                  }
                  return new ReplayResult(List.copyOf(done), List.copyOf(skipped), moreMatches);
                }));
  }

  /** The new event-stream id; empty when the dead letter no longer exists. */
  private Mono<String> moveBack(MapRecord<String, String, String> record) {
    Map<String, String> fields = replayability.judge(record.getValue()).fields();
    List<String> args = new ArrayList<>(2 + fields.size() * 2);
    args.add(record.getId().getValue());
    args.add(Long.toString(streamMaxLength));
    fields.forEach(
        (name, value) -> {
          args.add(name);
          args.add(value);
        });
    return redis.execute(MOVE_BACK, List.of(keys.deadLetters(), keys.events()), args).next();
  }

  /** Matches and where the next page would start. */
  private record Scan(List<MapRecord<String, String, String>> matches, String next) {}

  private Mono<Scan> scanNewestFirst(String before, RejectionReason reason, int limit) {
    return Mono.defer(
        () -> {
          List<MapRecord<String, String, String>> matches = new ArrayList<>();
          String start = before == null ? "+" : StreamIds.predecessor(before);
          if (start == null) {
            return Mono.just(new Scan(matches, null));
          }
          return scanChunks(matches, start, reason, limit, 0, false);
        });
  }

  private Mono<Scan> scanOldestFirst(RejectionReason reason, int limit) {
    return Mono.defer(() -> scanChunks(new ArrayList<>(), "-", reason, limit, 0, true));
  }

  /**
   * Reads chunks from {@code from} (inclusive) in one direction until {@code limit} matches, the
   * end of the stream, or {@code scanMax} entries read.
   */
  private Mono<Scan> scanChunks(
      List<MapRecord<String, String, String>> matches,
      String from,
      RejectionReason reason,
      int limit,
      int scanned,
      boolean ascending) {
    Range<String> range = ascending ? Range.closed(from, "+") : Range.closed("-", from);
    Flux<MapRecord<String, Object, Object>> chunk =
        ascending
            ? redis.opsForStream().range(keys.deadLetters(), range, Limit.limit().count(SCAN_CHUNK))
            : redis
                .opsForStream()
                .reverseRange(keys.deadLetters(), range, Limit.limit().count(SCAN_CHUNK));
    return records(chunk)
        .collectList()
        .flatMap(
            records -> {
              String last = null;
              for (MapRecord<String, String, String> record : records) {
                last = record.getId().getValue();
                if (reason == null
                    || reason.wireName().equals(record.getValue().get(StreamFields.REASON))) {
                  matches.add(record);
                  if (matches.size() == limit) {
                    // The next page starts after this entry.
                    return Mono.just(new Scan(matches, ascending ? null : last));
                  }
                }
              }
              int total = scanned + records.size();
              if (records.size() < SCAN_CHUNK || last == null) {
                return Mono.just(new Scan(matches, null));
              }
              String next = ascending ? StreamIds.successor(last) : StreamIds.predecessor(last);
              if (next == null || total >= properties.scanMax()) {
                return Mono.just(new Scan(matches, ascending ? null : last));
              }
              return scanChunks(matches, next, reason, limit, total, ascending);
            });
  }

  private static Flux<MapRecord<String, String, String>> records(
      Flux<MapRecord<String, Object, Object>> raw) {
    return raw.map(
        record -> {
          Map<String, String> fields = new LinkedHashMap<>();
          record.getValue().forEach((k, v) -> fields.put(String.valueOf(k), String.valueOf(v)));
          return MapRecord.create(record.getStream(), fields).withId(record.getId());
        });
  }

  private DeadLetter toDeadLetter(MapRecord<String, String, String> record) {
    Map<String, String> fields = record.getValue();
    Replayability.Verdict verdict = replayability.judge(fields);
    return new DeadLetter(
        record.getId().getValue(),
        fields.get(StreamFields.REASON),
        fields.get(StreamFields.DETAIL),
        fields.get(StreamFields.STAGE),
        fields.get(StreamFields.FAILED_AT),
        fields.get(StreamFields.ORIGINAL_ID),
        verdict.entityId(),
        verdict.replayable(),
        verdict.reason(),
        fields.get(StreamFields.RAW));
  }
}
