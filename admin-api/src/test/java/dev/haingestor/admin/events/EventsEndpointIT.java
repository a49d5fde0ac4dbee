package dev.haingestor.admin.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.AdminApiIntegrationTest;
import dev.haingestor.common.event.HaTimestamps;
import dev.haingestor.testsupport.RealServers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code GET /api/v1/events} against real InfluxDB holding points in HA's schema. */
class EventsEndpointIT extends AdminApiIntegrationTest {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final String WINDOW = "&start=2024-05-01T09:00:00Z&end=2024-05-01T11:00:00Z";

  /** Created at class initialisation: {@code @BeforeAll} runs before the Spring context. */
  private static final String DATABASE = RealServers.influx().createDatabase("admin_events");

  private static Instant recent;

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, EventsEndpointIT.class, DATABASE);
  }

  /** Points as the enrichment service writes them (HA_PROTOCOL.md §8), precision microseconds. */
  @BeforeAll
  static void writeHaSchemaPoints() {
    recent = Instant.now().minusSeconds(60);
    String lines =
        String.join(
            "\n",
            "°C,domain=sensor,entity_id=living_temp value=21.5,friendly_name_str=\"Living\","
                + "device_class_str=\"temperature\",battery=88 "
                + micros(T0.plusNanos(1_000)),
            "°F,domain=sensor,entity_id=living_temp value=70.7,friendly_name_str=\"Living\" "
                + micros(T0.plusMillis(1_500)),
            "°C,domain=sensor,entity_id=living_temp value=21.7,friendly_name_str=\"Living\" "
                + micros(T0.plusNanos(2_123_456_000)),
            "°C,domain=sensor,entity_id=kitchen_temp value=19,friendly_name_str=\"Kitchen\" "
                + micros(T0.plusSeconds(1)),
            "binary_sensor,domain=binary_sensor,entity_id=living_temp value=1,state=\"on\" "
                + micros(T0.plusSeconds(3)),
            "switch,domain=switch,entity_id=lamp value=0,state=\"off\",friendly_name_str=\"Lamp\" "
                + micros(T0.plusSeconds(4)),
            "W,domain=sensor,entity_id=power value=120.5 " + micros(recent),
            "W,domain=sensor,entity_id=power value=99 "
                + micros(recent.minus(Duration.ofHours(25))));
    RealServers.influx().influxQl().write(DATABASE, lines, "us");
  }

  private static long micros(Instant instant) {
    return HaTimestamps.toEpochMicros(instant);
  }

  /**
   * GETs the events with the query's values as URI variables, so they are percent-encoded as a
   * browser would send them (quotes, spaces, {@code +}).
   */
  private WebTestClient.ResponseSpec get(String query) {
    StringBuilder template = new StringBuilder("/api/v1/events?");
    Map<String, String> values = new java.util.HashMap<>();
    String[] pairs = query.split("&");
    for (int i = 0; i < pairs.length; i++) {
      int eq = pairs[i].indexOf('=');
      template
          .append(i == 0 ? "" : "&")
          .append(pairs[i], 0, eq)
          .append("={v")
          .append(i)
          .append('}');
      values.put("v" + i, pairs[i].substring(eq + 1));
    }
    return web.get().uri(template.toString(), values).exchange();
  }

  private EventPage page(String query) {
    return get(query)
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody(EventPage.class)
        .returnResult()
        .getResponseBody();
  }

  @Test
  void returnsAnEntitysEventsFromAllMeasurementsNewestFirst() {
    EventPage page = page("entity_id=sensor.living_temp" + WINDOW);

    assertThat(page.count()).isEqualTo(3);
    assertThat(page.events())
        .extracting(Event::time, Event::measurement, Event::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("2024-05-01T10:00:02.123456+00:00", "°C", 21.7),
            org.assertj.core.groups.Tuple.tuple("2024-05-01T10:00:01.500000+00:00", "°F", 70.7),
            org.assertj.core.groups.Tuple.tuple("2024-05-01T10:00:00.000001+00:00", "°C", 21.5));
    Event oldest = page.events().get(2);
    assertThat(oldest.entityId()).isEqualTo("sensor.living_temp");
    assertThat(oldest.state()).isNull();
    assertThat(oldest.attributes())
        .isEqualTo(
            Map.of("friendly_name", "Living", "device_class", "temperature", "battery", 88.0));
    assertThat(page.events().get(0).attributes()).isEqualTo(Map.of("friendly_name", "Living"));
  }

  @Test
  void writesTheExactJsonShape() {
    get("entity_id=sensor.living_temp&limit=1&order=asc" + WINDOW)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.count")
        .isEqualTo(1)
        .jsonPath("$.events[0].entity_id")
        .isEqualTo("sensor.living_temp")
        .jsonPath("$.events[0].time")
        .isEqualTo("2024-05-01T10:00:00.000001+00:00")
        .jsonPath("$.events[0].measurement")
        .isEqualTo("°C")
        .jsonPath("$.events[0].value")
        .isEqualTo(21.5)
        .jsonPath("$.events[0].state")
        .isEmpty()
        .jsonPath("$.events[0].attributes.friendly_name")
        .isEqualTo("Living")
        .jsonPath("$.events[0].attributes.friendly_name_str")
        .doesNotExist();
  }

  @Test
  void appliesTheLimitAcrossMeasurementsInBothOrders() {
    assertThat(page("entity_id=sensor.living_temp&limit=2" + WINDOW).events())
        .extracting(Event::value)
        .containsExactly(21.7, 70.7);
    assertThat(page("entity_id=sensor.living_temp&limit=2&order=asc" + WINDOW).events())
        .extracting(Event::value)
        .containsExactly(21.5, 70.7);
  }

  @Test
  void includesBothEndsOfTheTimeRange() {
    String exact = "2024-05-01T10:00:02.123456Z";

    EventPage page = page("entity_id=sensor.living_temp&start=" + exact + "&end=" + exact);

    assertThat(page.events()).extracting(Event::value).containsExactly(21.7);
  }

  @Test
  void returnsAWholeDomainButNoOtherDomainWithTheSameObjectId() {
    EventPage page = page("domain=sensor" + WINDOW);

    assertThat(page.events())
        .extracting(Event::entityId)
        .containsExactly(
            "sensor.living_temp",
            "sensor.living_temp",
            "sensor.kitchen_temp",
            "sensor.living_temp");
    assertThat(page.events().get(2).value()).isEqualTo(19.0);
  }

  @Test
  void returnsTheStateTextOfNonNumericStates() {
    List<Event> events = page("entity_id=switch.lamp" + WINDOW).events();

    assertThat(events).hasSize(1);
    assertThat(events.get(0).state()).isEqualTo("off");
    assertThat(events.get(0).value()).isEqualTo(0.0);
  }

  @Test
  void defaultsToTheLastDay() {
    List<Event> events = page("entity_id=sensor.power").events();

    assertThat(events).extracting(Event::value).containsExactly(120.5);
    assertThat(events.get(0).time()).isEqualTo(HaTimestamps.format(recent));
  }

  @Test
  void answersAnEmptyPageForAnUnknownEntity() {
    EventPage page = page("entity_id=sensor.nothing_here" + WINDOW);

    assertThat(page.events()).isEmpty();
    assertThat(page.count()).isZero();
  }

  @Test
  void rejectsAnInjectionAttemptInTheEntityId() {
    assertBadParameter("entity_id=sensor.living_temp' OR '1'='1", "entity_id");
  }

  @Test
  void rejectsADomainWithQuotes() {
    assertBadParameter("domain=sen\"sor", "domain");
    assertBadParameter("domain=sensor' OR '1'='1", "domain");
  }

  @Test
  void rejectsBadLimitTimesAndMissingSelection() {
    assertBadParameter("entity_id=sensor.x&limit=abc", "limit");
    assertBadParameter("entity_id=sensor.x&limit=10001", "limit");
    assertBadParameter("entity_id=sensor.x&start=yesterday", "start");
    assertBadParameter("entity_id=sensor.x&order=sideways", "order");
    assertBadParameter("limit=5", "entity_id");
  }

  private void assertBadParameter(String query, String parameter) {
    get(query)
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(400)
        .jsonPath("$.parameter")
        .isEqualTo(parameter)
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains(parameter))
        .jsonPath("$.type")
        .isEqualTo("urn:ha-ingestor:problem:invalid-parameter")
        .jsonPath("$.trace")
        .doesNotExist();
  }

  @Test
  void answersUnknownPathsWithAProblem() {
    web.get()
        .uri("/api/v1/nothing")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(404);
  }

  @Test
  void pagesWithCursorsUntilTheLastPage() {
    List<String> times = new java.util.ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      EventPage page =
          page("domain=sensor&limit=2" + WINDOW + (cursor == null ? "" : "&cursor=" + cursor));
      page.events().forEach(e -> times.add(e.time() + " " + e.entityId() + " " + e.measurement()));
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(pages).isEqualTo(2);
    assertThat(times)
        .containsExactly(
            "2024-05-01T10:00:02.123456+00:00 sensor.living_temp °C",
            "2024-05-01T10:00:01.500000+00:00 sensor.living_temp °F",
            "2024-05-01T10:00:01+00:00 sensor.kitchen_temp °C",
            "2024-05-01T10:00:00.000001+00:00 sensor.living_temp °C");
  }

  @Test
  void continuesTheFirstPagesRangeWhenEndWasNow() {
    EventPage first = page("entity_id=sensor.power&limit=1");
    assertThat(first.nextCursor()).isNull();
    EventPage all = page("domain=sensor&limit=1&order=asc&start=2024-05-01T10:00:00Z");
    assertThat(all.nextCursor()).isNotNull();

    EventPage second =
        page(
            "domain=sensor&limit=1&order=asc&start=2024-05-01T10:00:00Z&cursor="
                + all.nextCursor());

    assertThat(second.events().get(0).time()).isEqualTo("2024-05-01T10:00:01+00:00");
  }

  @Test
  void rejectsACursorOfAnotherQueryOrAForgedOne() {
    String cursor = page("domain=sensor&limit=1" + WINDOW).nextCursor();

    assertBadParameter("domain=light&limit=1" + WINDOW + "&cursor=" + cursor, "cursor");
    assertBadParameter("domain=sensor&limit=1&order=asc" + WINDOW + "&cursor=" + cursor, "cursor");
    assertBadParameter(
        "domain=sensor&start=2024-05-01T09:30:00Z&end=2024-05-01T11:00:00Z&cursor=" + cursor,
        "cursor");
    assertBadParameter("domain=sensor&cursor=eyJ2IjoxfQ", "cursor");
  }
}
