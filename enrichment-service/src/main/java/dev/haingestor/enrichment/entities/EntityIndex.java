package dev.haingestor.enrichment.entities;

import dev.haingestor.common.entities.EntityIndexKeys;
import dev.haingestor.common.entities.EntitySummary;
import dev.haingestor.common.event.HaState;
import dev.haingestor.common.event.HaTimestamps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps the entity index ({@link EntityIndexKeys#index()}) that admin-api lists: one hash field per
 * entity, value = {@link EntitySummary} as JSON with snake_case names and HA timestamps ({@code
 * 2024-05-01T10:00:00.123456+00:00}). Updated once per batch with one script call; the script
 * replaces a field only with a newer {@code last_updated}, so a backfill or a redelivery never
 * moves an entity back in time. HA's timestamp format compares correctly as text (UTC, fixed width,
 * and a missing fraction — {@code :00+00:00} — sorts before any {@code :00.xxxxxx}).
 */
public final class EntityIndex {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /**
   * ARGV: triples of entity id, last_updated (HA format), summary JSON. Returns the fields written.
   */
  private static final RedisScript<Long> UPDATE_IF_NEWER =
      RedisScript.of(
          """
          local written = 0
          for i = 1, #ARGV, 3 do
            local current = redis.call('HGET', KEYS[1], ARGV[i])
            local newer = true
            if current then
              local ok, decoded = pcall(cjson.decode, current)
              if ok and type(decoded) == 'table' and type(decoded['last_updated']) == 'string' then
                newer = ARGV[i + 1] > decoded['last_updated']
              end
            end
            if newer then
              redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
              written = written + 1
            end
          end
          return written
          """,
          Long.class);

  private final ReactiveStringRedisTemplate redis;
  private final String key;
  private final JsonMapper json;

  public EntityIndex(ReactiveStringRedisTemplate redis, EntityIndexKeys keys, JsonMapper json) {
    this.redis = redis;
    this.key = keys.index();
    this.json = json;
  }

  /**
   * Records the newest of the given states per entity. Completes with the number of fields
   * replaced; errors are the caller's to log (the index is derived data, never worth holding the
   * pipeline).
   */
  public Mono<Long> update(Collection<HaState> states) {
    if (states.isEmpty()) {
      return Mono.just(0L);
    }
    Map<String, HaState> newest = new LinkedHashMap<>();
    for (HaState state : states) {
      newest.merge(
          state.entityId(), state, (a, b) -> b.lastUpdated().isAfter(a.lastUpdated()) ? b : a);
    }
    List<String> args = new ArrayList<>(newest.size() * 3);
    for (HaState state : newest.values()) {
      args.add(state.entityId());
      args.add(HaTimestamps.format(state.lastUpdated()));
      args.add(toJson(summary(state)));
    }
    return redis
        .execute(UPDATE_IF_NEWER, List.of(key), args)
        .next()
        .defaultIfEmpty(0L)
        .timeout(TIMEOUT);
  }

  static EntitySummary summary(HaState state) {
    Map<String, Object> attributes = state.attributes();
    return new EntitySummary(
        state.entityId(),
        state.state(),
        state.lastChanged(),
        state.lastUpdated(),
        text(attributes.get("friendly_name")),
        text(attributes.get("unit_of_measurement")),
        text(attributes.get("device_class")));
  }

  private String toJson(EntitySummary summary) {
    ObjectNode node = json.createObjectNode();
    node.put("entity_id", summary.entityId());
    node.put("state", summary.state());
    node.put("last_changed", HaTimestamps.format(summary.lastChanged()));
    node.put("last_updated", HaTimestamps.format(summary.lastUpdated()));
    node.put("friendly_name", summary.friendlyName());
    node.put("unit_of_measurement", summary.unitOfMeasurement());
    node.put("device_class", summary.deviceClass());
    return json.writeValueAsString(node);
  }

  private static String text(Object value) {
    return value instanceof String s ? s : null;
  }
}
