package dev.haingestor.admin.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheKeyTest {

  @Test
  void dependsOnEveryParameterAndTheGeneration() {
    String base = CacheKey.of("stats", "5m", 10).digest(0);

    assertThat(CacheKey.of("stats", "5m", 10).digest(0)).isEqualTo(base);
    assertThat(CacheKey.of("stats", "5m", 11).digest(0)).isNotEqualTo(base);
    assertThat(CacheKey.of("stats", "1h", 10).digest(0)).isNotEqualTo(base);
    assertThat(CacheKey.of("stats", "5m", 10).digest(1)).isNotEqualTo(base);
    assertThat(CacheKey.of("stats", "5m", 10, null).digest(0)).isNotEqualTo(base);
  }

  @Test
  void neverCollidesBySplittingOrJoiningParameters() {
    assertThat(CacheKey.of("e", "ab", "c").digest(0))
        .isNotEqualTo(CacheKey.of("e", "a", "bc").digest(0));
    assertThat(CacheKey.of("e", (Object) null).digest(0))
        .isNotEqualTo(CacheKey.of("e", "null").digest(0));
    assertThat(CacheKey.of("e", "").digest(0)).isNotEqualTo(CacheKey.of("e").digest(0));
  }

  @Test
  void isAFixedAlphabetWhateverTheInput() {
    assertThat(CacheKey.of("e", "'; DROP \"x\" \n*?").digest(0)).matches("[0-9a-f]{64}");
  }
}
