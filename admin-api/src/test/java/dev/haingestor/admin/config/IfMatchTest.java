package dev.haingestor.admin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.admin.problem.ApiProblemException;
import dev.haingestor.admin.problem.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

class IfMatchTest {

  @Test
  void readsTheVersionOfStrongWeakAndBareEtags() {
    assertThat(IfMatch.expectedVersion("\"7\"")).isEqualTo(7);
    assertThat(IfMatch.expectedVersion("W/\"12\"")).isEqualTo(12);
    assertThat(IfMatch.expectedVersion(" 0 ")).isZero();
    assertThat(IfMatch.etag(7)).isEqualTo("\"7\"");
  }

  @Test
  void requiresTheHeaderWith428() {
    assertThatThrownBy(() -> IfMatch.expectedVersion(null))
        .isInstanceOfSatisfying(
            ApiProblemException.class,
            e -> assertThat(e.status()).isEqualTo(HttpStatus.PRECONDITION_REQUIRED));
    assertThatThrownBy(() -> IfMatch.expectedVersion(" ")).isInstanceOf(ApiProblemException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"*", "\"7", "\"a\"", "\"1\", \"2\"", "-1", "\"1\" OR 1=1", "99999999999999999999"})
  void rejectsEverythingElseWith400(String header) {
    assertThatThrownBy(() -> IfMatch.expectedVersion(header))
        .isInstanceOfSatisfying(
            InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("If-Match"));
  }
}
