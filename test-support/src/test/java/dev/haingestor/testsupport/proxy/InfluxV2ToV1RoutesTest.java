package dev.haingestor.testsupport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InfluxV2ToV1RoutesTest {

  private final InfluxV2ToV1Routes routes = new InfluxV2ToV1Routes();

  @ParameterizedTest
  @CsvSource({"ns,n", "us,u", "ms,ms", "s,s"})
  void mapsV2WritesToV1WritesWithV1PrecisionNames(String v2, String v1) {
    assertThat(routes.route("POST", "/api/v2/write?org=o&bucket=home&precision=" + v2))
        .isEqualTo(ProxyRoute.forward("/write?db=home&precision=" + v1));
  }

  @Test
  void defaultsToNanosecondsAndSplitsDatabaseAndRetentionPolicy() {
    assertThat(routes.route("POST", "/api/v2/write?org=o&bucket=home%2Fweek"))
        .isEqualTo(ProxyRoute.forward("/write?db=home&rp=week&precision=n"));
  }

  @Test
  void answersBadRequestWithoutBucketOrWithAnUnknownPrecision() {
    assertThat(routes.route("POST", "/api/v2/write?org=o"))
        .isInstanceOfSatisfying(
            ProxyRoute.Answer.class, answer -> assertThat(answer.status()).isEqualTo(400));
    assertThat(routes.route("POST", "/api/v2/write?bucket=b&precision=h"))
        .isInstanceOfSatisfying(
            ProxyRoute.Answer.class, answer -> assertThat(answer.body()).contains("precision"));
  }

  @Test
  void passesQueriesAndPingUnchangedAndFallsBackForHealth() {
    assertThat(routes.route("POST", "/query?db=x&epoch=ns"))
        .isEqualTo(ProxyRoute.forward("/query?db=x&epoch=ns"));
    assertThat(routes.route("GET", "/ping")).isEqualTo(ProxyRoute.forward("/ping"));
    assertThat(routes.route("GET", "/health"))
        .isInstanceOfSatisfying(
            ProxyRoute.Forward.class,
            forward -> assertThat(forward.ifUpstreamNotFound().status()).isEqualTo(200));
  }

  @Test
  void rejectsUnknownPrecisionNames() {
    assertThatThrownBy(() -> InfluxV2ToV1Routes.v1Precision("m"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(InfluxV2ToV1Routes.v2Precision("u")).isEqualTo("us");
  }
}
