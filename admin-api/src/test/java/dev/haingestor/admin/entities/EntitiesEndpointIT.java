package dev.haingestor.admin.entities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.AdminApiIntegrationTest;
import dev.haingestor.common.entities.EntityIndexKeys;
import dev.haingestor.common.stream.RedisKeys;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /api/v1/entities} and {@code /entities/{id}} over an index written in the enrichment
 * service's format (snake_case JSON, HA timestamps).
 */
class EntitiesEndpointIT extends AdminApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, EntitiesEndpointIT.class, "admin_entities_unused");
    registry.add("admin.cache.entities-ttl", () -> "0s");
  }

  @Autowired private ReactiveStringRedisTemplate redis;
  @Autowired private RedisKeys keys;

  private static String summary(String id, String state, String friendlyName, String unit) {
    return "{\"entity_id\":\""
        + id
        + "\",\"state\":\""
        + state
        + "\",\"last_changed\":\"2024-05-01T10:00:00+00:00\","
        + "\"last_updated\":\"2024-05-01T10:00:01.500000+00:00\",\"friendly_name\":"
        + (friendlyName == null ? "null" : "\"" + friendlyName + "\"")
        + ",\"unit_of_measurement\":"
        + (unit == null ? "null" : "\"" + unit + "\"")
        + ",\"device_class\":null}";
  }

  @BeforeEach
  void index() {
    String key = new EntityIndexKeys(keys).index();
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(
        "sensor.living_temp", summary("sensor.living_temp", "21.5", "Living \\\"T\\\"", "°C"));
    entries.put("sensor.kitchen_temp", summary("sensor.kitchen_temp", "19", "Kitchen", "°C"));
    entries.put("light.kitchen", summary("light.kitchen", "on", "Kitchen light", null));
    entries.put("switch.o'clock", summary("switch.x", "off", null, null));
    entries.put("sensor.broken", "{not json");
    for (int i = 0; i < 12; i++) {
      String id = "binary_sensor.door_" + (char) ('a' + i);
      entries.put(id, summary(id, "off", "Door " + i, null));
    }
    redis.delete(key).then(redis.opsForHash().putAll(key, entries)).block(WAIT);
  }

  private EntityPage page(String query) {
    return web.get()
        .uri("/api/v1/entities" + query)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(EntityPage.class)
        .returnResult()
        .getResponseBody();
  }

  @Test
  void listsEveryValidEntrySortedById() {
    EntityPage page = page("");

    assertThat(page.total()).isEqualTo(15);
    assertThat(page.entities()).hasSize(15);
    assertThat(page.entities().get(0).entityId()).isEqualTo("binary_sensor.door_a");
    assertThat(page.entities())
        .extracting(EntityView::entityId)
        .doesNotContain("sensor.broken", "switch.o'clock");
    assertThat(page.nextOffset()).isNull();
    assertThat(page.truncated()).isFalse();
  }

  @Test
  void filtersByDomainAndSearch() {
    assertThat(page("?domain=sensor").entities())
        .extracting(EntityView::entityId)
        .containsExactly("sensor.kitchen_temp", "sensor.living_temp");
    assertThat(page("?search=KITCHEN").entities())
        .extracting(EntityView::entityId)
        .containsExactly("light.kitchen", "sensor.kitchen_temp");
    assertThat(page("?domain=light&search=kitchen").total()).isEqualTo(1);
  }

  @Test
  void pagesWithOffsetAndLimit() {
    EntityPage first = page("?domain=binary_sensor&limit=5");
    EntityPage last = page("?domain=binary_sensor&limit=5&offset=10");

    assertThat(first.total()).isEqualTo(12);
    assertThat(first.entities()).hasSize(5);
    assertThat(first.nextOffset()).isEqualTo(5);
    assertThat(last.entities())
        .extracting(EntityView::entityId)
        .containsExactly("binary_sensor.door_k", "binary_sensor.door_l");
    assertThat(last.nextOffset()).isNull();
    assertThat(page("?offset=100").entities()).isEmpty();
  }

  @Test
  void answersOneEntityWithItsStateAndLastChange() {
    web.get()
        .uri("/api/v1/entities/sensor.living_temp")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.entity_id")
        .isEqualTo("sensor.living_temp")
        .jsonPath("$.domain")
        .isEqualTo("sensor")
        .jsonPath("$.state")
        .isEqualTo("21.5")
        .jsonPath("$.last_changed")
        .isEqualTo("2024-05-01T10:00:00+00:00")
        .jsonPath("$.last_updated")
        .isEqualTo("2024-05-01T10:00:01.500000+00:00")
        .jsonPath("$.friendly_name")
        .isEqualTo("Living \"T\"")
        .jsonPath("$.unit_of_measurement")
        .isEqualTo("°C");
  }

  @Test
  void answers404ForAnEntityNotInTheIndex() {
    web.get()
        .uri("/api/v1/entities/sensor.nothing")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:ha-ingestor:problem:not-found")
        .jsonPath("$.detail")
        .isEqualTo("Entity sensor.nothing is not in the entity index");
  }

  @Test
  void answers400ForAnInvalidEntityIdOrFilter() {
    web.get()
        .uri("/api/v1/entities/{id}", "sensor.x' OR '1'='1")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.parameter")
        .isEqualTo("entity_id");
    web.get()
        .uri("/api/v1/entities?limit=0")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.parameter")
        .isEqualTo("limit");
  }
}
