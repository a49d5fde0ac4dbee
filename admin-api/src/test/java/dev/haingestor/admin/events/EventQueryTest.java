package dev.haingestor.admin.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.admin.problem.InvalidParameterException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventQueryTest {

  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  private static EventQuery parse(
      String entityId, String domain, String start, String end, String limit, String order) {
    return EventQuery.parse(entityId, domain, start, end, limit, order, NOW);
  }

  private static void assertRejected(Runnable parse, String parameter, String detailPart) {
    assertThatThrownBy(parse::run)
        .isInstanceOfSatisfying(
            InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo(parameter))
        .hasMessageContaining(detailPart);
  }

  @Test
  void splitsEntityIdIntoDomainAndObjectIdWithDefaults() {
    EventQuery query = parse("sensor.living_temp", null, null, null, null, null);

    assertThat(query.domain()).isEqualTo("sensor");
    assertThat(query.objectId()).isEqualTo("living_temp");
    assertThat(query.entityId()).isEqualTo("sensor.living_temp");
    assertThat(query.end()).isEqualTo(NOW);
    assertThat(query.start()).isEqualTo(NOW.minus(Duration.ofHours(24)));
    assertThat(query.limit()).isEqualTo(100);
    assertThat(query.order()).isEqualTo(SortOrder.DESC);
  }

  @Test
  void acceptsDomainAloneForAllItsEntities() {
    EventQuery query = parse(null, "binary_sensor", null, null, null, null);

    assertThat(query.domain()).isEqualTo("binary_sensor");
    assertThat(query.objectId()).isNull();
    assertThat(query.entityId()).isNull();
  }

  @Test
  void acceptsDomainThatMatchesEntityId() {
    assertThat(parse("sensor.x", "sensor", null, null, null, null).objectId()).isEqualTo("x");
  }

  @Test
  void treatsBlankParametersAsAbsent() {
    EventQuery query = parse("sensor.x", "", " ", "", "", "");

    assertThat(query.limit()).isEqualTo(EventQuery.DEFAULT_LIMIT);
    assertThat(query.end()).isEqualTo(NOW);
  }

  @Test
  void parsesInstantsWithZOrOffsetAndMicroseconds() {
    EventQuery query =
        parse(
            "sensor.x",
            null,
            "2024-05-01T10:00:00.123456+02:00",
            "2024-05-01T10:00:00Z",
            "10000",
            "ASC");

    assertThat(query.start()).isEqualTo(Instant.parse("2024-05-01T08:00:00.123456Z"));
    assertThat(query.end()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(query.limit()).isEqualTo(10_000);
    assertThat(query.order()).isEqualTo(SortOrder.ASC);
  }

  @Test
  void defaultsStartToOneDayBeforeAGivenEnd() {
    EventQuery query = parse("sensor.x", null, null, "2024-01-02T00:00:00Z", null, null);

    assertThat(query.start()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
  }

  @Test
  void requiresEntityIdOrDomain() {
    assertRejected(() -> parse(null, null, null, null, null, null), "entity_id", "required");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sensor.x' OR '1'='1",
        "sensor",
        "Sensor.x",
        "sensor.x\"",
        "sensor.x;DROP",
        "sensor._x",
        "sensor.x y"
      })
  void rejectsMalformedEntityIds(String entityId) {
    assertRejected(() -> parse(entityId, null, null, null, null, null), "entity_id", "entity_id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sen'sor", "sensor\"", "Sensor", "sensor.x", "/.*/", "a b"})
  void rejectsMalformedDomains(String domain) {
    assertRejected(() -> parse(null, domain, null, null, null, null), "domain", "domain");
  }

  @Test
  void rejectsDomainContradictingEntityId() {
    assertRejected(
        () -> parse("sensor.x", "light", null, null, null, null), "domain", "contradicts");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "10001", "abc", "1.5", "99999999999"})
  void rejectsLimitsOutsideOneToTenThousand(String limit) {
    assertRejected(
        () -> parse("sensor.x", null, null, null, limit, null), "limit", "from 1 to 10000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2024-05-01", "2024-05-01T10:00:00", "1714557600"})
  void rejectsStartThatIsNotAnInstantWithOffset(String start) {
    assertRejected(() -> parse("sensor.x", null, start, null, null, null), "start", "ISO-8601");
  }

  @Test
  void hintsAtAnUnencodedPlusInTheOffset() {
    assertRejected(
        () -> parse("sensor.x", null, null, "2024-05-01T10:00:00 02:00", null, null), "end", "%2B");
  }

  @Test
  void rejectsStartAfterEnd() {
    assertRejected(
        () -> parse("sensor.x", null, "2024-05-02T00:00:00Z", "2024-05-01T00:00:00Z", null, null),
        "start",
        "after end");
  }

  @Test
  void rejectsUnknownOrder() {
    assertRejected(
        () -> parse("sensor.x", null, null, null, null, "random"), "order", "asc or desc");
  }

  @Test
  void shortensEchoedInputInMessages() {
    String longDomain = "x".repeat(500);

    assertThatThrownBy(() -> parse(null, longDomain, null, null, null, null))
        .hasMessageContaining("…")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
  }
}
