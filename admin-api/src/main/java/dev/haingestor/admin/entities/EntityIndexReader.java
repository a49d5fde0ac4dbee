package dev.haingestor.admin.entities;

import dev.haingestor.common.entities.EntityIndexKeys;
import dev.haingestor.common.event.EntityIds;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.common.stream.RedisKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the entity index that the enrichment service keeps ({@link EntityIndexKeys}: a hash, field
 * = entity id, value = {@code EntitySummary} JSON with snake_case names and HA timestamps). Lists
 * by {@code HSCAN}, bounded by {@link EntitiesProperties#maxIndexSize()}, then filters, sorts and
 * pages in memory; one entity by {@code HGET}. No InfluxDB query.
 */
@Component
class EntityIndexReader {

  private static final Logger log = LoggerFactory.getLogger(EntityIndexReader.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final long SCAN_COUNT = 1000;

  private final ReactiveStringRedisTemplate redis;
  private final String index;
  private final JsonMapper jsonMapper;
  private final int maxIndexSize;

  EntityIndexReader(
      ReactiveStringRedisTemplate redis,
      RedisKeys keys,
      JsonMapper jsonMapper,
      EntitiesProperties properties) {
    this.redis = redis;
    this.index = new EntityIndexKeys(keys).index();
    this.jsonMapper = jsonMapper;
    this.maxIndexSize = properties.maxIndexSize();
  }

  Mono<EntityPage> list(EntityQuery query) {
    return redis
        .<String, String>opsForHash()
        .scan(index, ScanOptions.scanOptions().count(SCAN_COUNT).build())
        .take(maxIndexSize + 1L)
        .collectList()
        .timeout(TIMEOUT)
        .map(entries -> page(entries, query));
  }

  /** The entity, or empty when the index does not hold it. */
  Mono<EntityView> find(String entityId) {
    return redis
        .<String, String>opsForHash()
        .get(index, entityId)
        .timeout(TIMEOUT)
        .mapNotNull(json -> parse(entityId, json));
  }

  private EntityPage page(List<Map.Entry<String, String>> entries, EntityQuery query) {
    boolean truncated = entries.size() > maxIndexSize;
    List<EntityView> matches = new ArrayList<>();
    for (int i = 0; i < Math.min(entries.size(), maxIndexSize); i++) {
      Map.Entry<String, String> entry = entries.get(i);
      EntityView entity = parse(entry.getKey(), entry.getValue());
      if (entity != null && query.matches(entity)) {
        matches.add(entity);
      }
    }
    matches.sort(Comparator.comparing(EntityView::entityId));
    int from = Math.min(query.offset(), matches.size());
    int to = Math.min(from + query.limit(), matches.size());
    return new EntityPage(
        List.copyOf(matches.subList(from, to)),
        matches.size(),
        query.offset(),
        query.limit(),
        to < matches.size() ? to : null,
        truncated);
  }

  /**
   * The view of one index entry; {@code null} for an entry that is not a summary of a valid entity
   * id (written by hand or by a newer version), which is skipped rather than failing the list.
   */
  EntityView parse(String entityId, String json) {
    if (!EntityIds.isValid(entityId)) {
      return null;
    }
    JsonNode node;
    try {
      node = jsonMapper.readTree(json);
    } catch (JacksonException e) {
      log.debug("Skipping unreadable entity index entry {}", entityId);
      return null;
    }
    if (!node.isObject()) {
      return null;
    }
    return new EntityView(
        entityId,
        EntityIds.domain(entityId),
        text(node, "state"),
        timestamp(node, "last_changed"),
        timestamp(node, "last_updated"),
        text(node, "friendly_name"),
        text(node, "unit_of_measurement"),
        text(node, "device_class"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  /** In HA's format whatever ISO-8601 offset form was stored; {@code null} if unreadable. */
  private static String timestamp(JsonNode node, String field) {
    String text = text(node, field);
    if (text == null) {
      return null;
    }
    try {
      Instant instant = HaTimestamps.parse(text);
      return HaTimestamps.format(instant);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
