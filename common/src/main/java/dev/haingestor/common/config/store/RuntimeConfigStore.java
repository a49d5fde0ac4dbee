package dev.haingestor.common.config.store;

import dev.haingestor.common.config.InvalidRuntimeConfigException;
import dev.haingestor.common.config.RuntimeConfig;
import dev.haingestor.common.config.RuntimeConfigJson;
import dev.haingestor.common.stream.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads and writes the runtime configuration in Redis (layout in {@link RuntimeConfigKeys}). A
 * change is one atomic Lua script: compare the stored version, set the document, append it to the
 * history stream and publish the new version — so the document, its history and the notification
 * can never disagree. Thread-safe.
 */
public final class RuntimeConfigStore {

  /** Approximate length of the history stream ({@code XADD MAXLEN ~}). */
  public static final int HISTORY_MAX_LENGTH = 1000;

  /** Bound of every Redis round trip of this class. */
  public static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(5);

  private static final String OK = "OK:";
  private static final String CONFLICT = "CONFLICT:";

  /*
   * KEYS[1] document, KEYS[2] history stream; ARGV[1] expected version, ARGV[2] new document,
   * ARGV[3] new version, ARGV[4] updated_at, ARGV[5] updated_by, ARGV[6] history MAXLEN,
   * ARGV[7] channel.
   * The current version is the document's "version"; when the key is missing or unreadable (deleted
   * or edited by hand) it is the newest history entry's, so versions never go backwards and
   * watchers, which only apply increasing versions, keep following.
   */
  private static final RedisScript<String> COMPARE_AND_SET =
      RedisScript.of(
          """
          local function newest_history_version()
            local newest = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
            if #newest == 0 then return 0 end
            local fields = newest[1][2]
            for i = 1, #fields, 2 do
              if fields[i] == 'version' then return tonumber(fields[i + 1]) or 0 end
            end
            return 0
          end
          local current
          local document = redis.call('GET', KEYS[1])
          if document then
            local ok, decoded = pcall(cjson.decode, document)
            if ok and type(decoded) == 'table' and type(decoded['version']) == 'number' then
              current = decoded['version']
            end
          end
          if current == nil then current = newest_history_version() end
          if current ~= tonumber(ARGV[1]) then
            return 'CONFLICT:' .. string.format('%d', current)
          end
          redis.call('SET', KEYS[1], ARGV[2])
          redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*',
            'version', ARGV[3], 'updated_at', ARGV[4], 'updated_by', ARGV[5], 'document', ARGV[2])
          redis.call('PUBLISH', ARGV[7], ARGV[3])
          return 'OK:' .. ARGV[3]
          """,
          String.class);

  private final ReactiveStringRedisTemplate redis;
  private final RuntimeConfigKeys keys;
  private final RuntimeConfigJson json;
  private final Clock clock;

  public RuntimeConfigStore(ReactiveStringRedisTemplate redis, RedisKeys keys) {
    this(redis, keys, new RuntimeConfigJson(), Clock.systemUTC());
  }

  public RuntimeConfigStore(
      ReactiveStringRedisTemplate redis, RedisKeys keys, RuntimeConfigJson json, Clock clock) {
    this.redis = redis;
    this.keys = new RuntimeConfigKeys(keys);
    this.json = json;
    this.clock = clock;
  }

  /**
   * The stored configuration; empty when none was ever stored.
   *
   * @return fails with {@link InvalidRuntimeConfigException} when the stored document is invalid
   *     (edited by hand), or with Redis' error
   */
  public Mono<Optional<RuntimeConfig>> load() {
    return redis
        .opsForValue()
        .get(keys.document())
        .map(document -> Optional.of(json.read(document)))
        .defaultIfEmpty(Optional.empty())
        .timeout(OPERATION_TIMEOUT);
  }

  /**
   * Stores {@code next} as version {@code expectedVersion + 1} if the stored version is still
   * {@code expectedVersion} (0 when nothing is stored yet), records it in the history and notifies
   * the watchers. The metadata of {@code next} is replaced: version, {@code updated_at} = now,
   * {@code updated_by}.
   *
   * @param updatedBy who makes the change (e.g. the API key's name), at most 128 characters
   * @return the stored configuration; fails with {@link ConfigVersionConflictException} when the
   *     stored version differs, with {@link InvalidRuntimeConfigException} when {@code next} is
   *     invalid (nothing is written then)
   */
  public Mono<RuntimeConfig> replace(RuntimeConfig next, long expectedVersion, String updatedBy) {
    return Mono.fromSupplier(() -> prepare(next, expectedVersion, updatedBy))
        .flatMap(stored -> compareAndSet(stored, expectedVersion));
  }

  /**
   * The newest {@code limit} stored versions, newest first.
   *
   * @param limit 1–{@value #HISTORY_MAX_LENGTH}
   */
  public Flux<ConfigHistoryEntry> history(int limit) {
    if (limit < 1 || limit > HISTORY_MAX_LENGTH) {
      return Flux.error(
          new IllegalArgumentException(
              "history limit must be between 1 and " + HISTORY_MAX_LENGTH + ": " + limit));
    }
    return redis
        .opsForStream()
        .reverseRange(keys.history(), Range.unbounded(), Limit.limit().count(limit))
        .map(RuntimeConfigStore::toEntry)
        .timeout(OPERATION_TIMEOUT);
  }

  /** The Redis names this store uses. */
  public RuntimeConfigKeys keys() {
    return keys;
  }

  ReactiveStringRedisTemplate redis() {
    return redis;
  }

  private RuntimeConfig prepare(RuntimeConfig next, long expectedVersion, String updatedBy) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    RuntimeConfig stored = next.withMetadata(expectedVersion + 1, now, updatedBy);
    // Round trip through the codec: exactly what watchers will read must be valid.
    return json.read(json.write(stored));
  }

  private Mono<RuntimeConfig> compareAndSet(RuntimeConfig stored, long expectedVersion) {
    List<String> args =
        List.of(
            Long.toString(expectedVersion),
            json.write(stored),
            Long.toString(stored.version()),
            stored.updatedAt().toString(),
            stored.updatedBy() == null ? "" : stored.updatedBy(),
            Integer.toString(HISTORY_MAX_LENGTH),
            keys.changesChannel());
    return redis
        .execute(COMPARE_AND_SET, List.of(keys.document(), keys.history()), args)
        .single()
        .timeout(OPERATION_TIMEOUT)
        .map(reply -> outcome(reply, stored, expectedVersion));
  }

  private static RuntimeConfig outcome(String reply, RuntimeConfig stored, long expectedVersion) {
    if (reply.startsWith(OK)) {
      return stored;
    }
    if (reply.startsWith(CONFLICT)) {
      long current = Long.parseLong(reply.substring(CONFLICT.length()));
      throw new ConfigVersionConflictException(current, expectedVersion);
    }
    throw new IllegalStateException("unexpected reply of the configuration script: " + reply);
  }

  private static ConfigHistoryEntry toEntry(MapRecord<String, Object, Object> record) {
    Map<Object, Object> fields = record.getValue();
    return new ConfigHistoryEntry(
        record.getId().getValue(),
        Long.parseLong(String.valueOf(fields.get(RuntimeConfigKeys.HISTORY_VERSION))),
        Instant.parse(String.valueOf(fields.get(RuntimeConfigKeys.HISTORY_UPDATED_AT))),
        String.valueOf(fields.getOrDefault(RuntimeConfigKeys.HISTORY_UPDATED_BY, "")),
        String.valueOf(fields.get(RuntimeConfigKeys.HISTORY_DOCUMENT)));
  }
}
