package dev.haingestor.admin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

  private static final String ADMIN = "admin-0123456789abcdef";
  private static final String READ = "read-0123456789abcdef";

  @Test
  void grantsTheRoleOfTheMatchingKey() {
    ApiKeys keys = new ApiKeys(new SecurityProperties(ADMIN, READ, true));

    assertThat(keys.match(ADMIN)).isEqualTo(Role.ADMIN);
    assertThat(keys.match(READ)).isEqualTo(Role.READ);
    assertThat(keys.match(ADMIN + "x")).isNull();
    assertThat(keys.match(ADMIN.substring(1))).isNull();
    assertThat(keys.match("")).isNull();
  }

  @Test
  void matchesNothingWhenNoKeyIsConfigured() {
    ApiKeys keys = new ApiKeys(new SecurityProperties(null, " ", true));

    assertThat(keys.adminConfigured()).isFalse();
    assertThat(keys.readConfigured()).isFalse();
    assertThat(keys.match(ADMIN)).isNull();
    assertThat(keys.match("")).isNull();
  }

  @Test
  void refusesShortKeysWithoutShowingThem() {
    assertThatThrownBy(() -> new ApiKeys(new SecurityProperties("short-secret", null, true)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ADMIN_API_KEY must be at least 16 characters")
        .hasMessageNotContaining("short-secret");
    assertThatThrownBy(() -> new ApiKeys(new SecurityProperties(null, "tiny", true)))
        .hasMessageContaining("READ_API_KEY");
  }

  @Test
  void refusesAReadKeyEqualToTheAdminKey() {
    assertThatThrownBy(() -> new ApiKeys(new SecurityProperties(ADMIN, ADMIN, true)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("READ_API_KEY equals ADMIN_API_KEY")
        .hasMessageNotContaining(ADMIN);
  }

  @Test
  void neverPrintsTheKeys() {
    assertThat(new SecurityProperties(ADMIN, READ, true).toString())
        .doesNotContain(ADMIN, READ)
        .contains("****");
  }
}
