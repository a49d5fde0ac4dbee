package dev.haingestor.admin.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlocksInMemoryTest {

  private static PointBlock block(int points, long expiresAt) {
    return new PointBlock(
        0,
        expiresAt,
        false,
        List.of(new PointBlock.Series("W", new long[points], new double[points])));
  }

  @Test
  void keepsABlockUntilItsRedisCopyExpires() {
    BlocksInMemory memory = new BlocksInMemory(1 << 20);
    PointBlock block = block(10, 1_000);

    memory.put("a", block, 0);

    assertThat(memory.get("a", 999)).isSameAs(block);
    assertThat(memory.get("a", 1_000)).isNull();
    assertThat(memory.bytes()).isZero();
  }

  @Test
  void neverHoldsMoreThanItsBound() {
    // 1,000 points ≈ 16 kB each; room for about three.
    BlocksInMemory memory = new BlocksInMemory(50_000);

    for (int i = 0; i < 20; i++) {
      memory.put("block-" + i, block(1_000, 10_000), 0);
      assertThat(memory.bytes()).isLessThanOrEqualTo(50_000);
    }

    assertThat(memory.get("block-19", 1)).isNotNull();
  }

  @Test
  void dropsExpiredBlocksBeforeOthers() {
    BlocksInMemory memory = new BlocksInMemory(40_000);
    memory.put("old", block(1_000, 100), 0);
    memory.put("fresh", block(1_000, 10_000), 0);

    memory.put("new", block(1_000, 10_000), 200);

    assertThat(memory.get("fresh", 200)).isNotNull();
    assertThat(memory.get("new", 200)).isNotNull();
  }

  @Test
  void keepsNothingWhenTheBoundIsZeroOrTheBlockHasExpired() {
    BlocksInMemory none = new BlocksInMemory(0);
    none.put("a", block(1, 1_000), 0);
    BlocksInMemory some = new BlocksInMemory(1 << 20);
    some.put("b", block(1, 1_000), 1_000);

    assertThat(none.get("a", 0)).isNull();
    assertThat(some.get("b", 0)).isNull();
  }
}
