package dev.haingestor.admin.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.admin.problem.InvalidParameterException;
import dev.haingestor.common.event.RejectionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayRequestTest {

  private static ReplayRequest parse(String body) {
    return ReplayRequest.parse(body, DeadLetterEntries.JSON, 100);
  }

  @Test
  void readsEachSelector() {
    assertThat(parse("{\"all\":true}")).isEqualTo(new ReplayRequest(null, null, true, 100));
    assertThat(parse("{\"reason\":\"influxdb_rejected\",\"limit\":5}"))
        .isEqualTo(new ReplayRequest(null, RejectionReason.INFLUXDB_REJECTED, false, 5));
    assertThat(parse("{\"ids\":[\"2-0\",\"1-0\",\"2-0\"]}").ids()).containsExactly("2-0", "1-0");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|body",
        "[]|body",
        "{}|body",
        "not json|body",
        "{\"all\":true,\"reason\":\"invalid_json\"}|body",
        "{\"all\":false}|all",
        "{\"all\":\"true\"}|all",
        "{\"reason\":\"INVALID_JSON\"}|reason",
        "{\"reason\":\"x' OR '1'='1\"}|reason",
        "{\"ids\":[]}|ids",
        "{\"ids\":\"1-0\"}|ids",
        "{\"ids\":[\"1-0\",\"+\"]}|ids",
        "{\"ids\":[\"1-0;DEL x\"]}|ids",
        "{\"ids\":[1]}|ids",
        "{\"all\":true,\"limit\":0}|limit",
        "{\"all\":true,\"limit\":101}|limit",
        "{\"all\":true,\"limit\":\"5\"}|limit",
        "{\"all\":true,\"eval\":1}|eval"
      })
  void namesTheMemberOfEveryMistake(String body, String member) {
    assertThatThrownBy(() -> parse(body))
        .isInstanceOfSatisfying(
            InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo(member));
  }

  @Test
  void refusesMoreIdsThanTheLimit() {
    StringBuilder ids = new StringBuilder("[");
    for (int i = 0; i < 101; i++) {
      ids.append(i == 0 ? "" : ",").append("\"").append(i).append("-0\"");
    }
    assertThatThrownBy(() -> parse("{\"ids\":" + ids + "]}"))
        .hasMessageContaining("at most 100 ids");
  }
}
