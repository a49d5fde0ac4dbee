package dev.haingestor.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The shape of the key comparison (issue 8, "Hostile input" 3), asserted structurally rather than
 * by timing: {@link ApiKeys} keeps only fixed-size SHA-256 digests of the keys (never the keys), so
 * every comparison is {@code MessageDigest.isEqual} over two 32-byte arrays whatever was presented.
 */
class ApiKeysStructureTest {

  private static final String ADMIN = "admin-key-0123456789abcdef";
  private static final String READ = "read-key-0123456789abcdef";

  @Test
  void keepsOnlyDigestsOfTheKeys() throws IllegalAccessException {
    ApiKeys keys = new ApiKeys(new SecurityProperties(ADMIN, READ, true));

    for (Field field : ApiKeys.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      assertThat(field.getType()).as(field.getName()).isEqualTo(byte[].class);
      field.setAccessible(true);
      byte[] digest = (byte[]) field.get(keys);
      assertThat(digest).as(field.getName()).hasSize(32);
      assertThat(new String(digest, java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotContain(ADMIN, READ);
    }
  }

  @Test
  void matchesNothingButTheExactKey() {
    ApiKeys keys = new ApiKeys(new SecurityProperties(ADMIN, READ, true));

    for (String near :
        Arrays.asList(
            ADMIN.substring(0, ADMIN.length() - 1),
            ADMIN + "f",
            ADMIN.toUpperCase(),
            "x".repeat(100_000),
            "",
            ADMIN + "\u0000",
            READ.substring(1))) {
      assertThat(keys.match(near)).as(near.length() > 40 ? "long" : near).isNull();
    }
    assertThat(keys.match(ADMIN)).isEqualTo(Role.ADMIN);
    assertThat(keys.match(READ)).isEqualTo(Role.READ);
  }
}
