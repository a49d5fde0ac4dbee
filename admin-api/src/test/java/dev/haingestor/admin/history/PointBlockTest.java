package dev.haingestor.admin.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointBlockTest {

  private static final long HOUR =
      PointBlock.blockStart(PointBlock.epochNanos(Instant.parse("2024-06-01T10:00:00Z")));

  @Test
  void decodesWhatItEncodes() {
    PointBlock block =
        new PointBlock(
            HOUR,
            1_700_000_000_123L,
            false,
            List.of(
                new PointBlock.Series(
                    "°C", new long[] {HOUR, HOUR + 1, HOUR + 999}, new double[] {-0.5, 1e-300, 7}),
                new PointBlock.Series("kWh", new long[0], new double[0])));

    PointBlock decoded = PointBlock.decode(block.encode());

    assertThat(decoded.startNanos()).isEqualTo(HOUR);
    assertThat(decoded.expiresAtMillis()).isEqualTo(1_700_000_000_123L);
    assertThat(decoded.tooDense()).isFalse();
    assertThat(decoded.series())
        .extracting(PointBlock.Series::measurement)
        .containsExactly("°C", "kWh");
    assertThat(decoded.series().get(0).times()).containsExactly(HOUR, HOUR + 1, HOUR + 999);
    assertThat(decoded.series().get(0).values()).containsExactly(-0.5, 1e-300, 7);
    assertThat(decoded.series().get(1).size()).isZero();
  }

  @Test
  void keepsTheTooDenseMark() {
    PointBlock decoded = PointBlock.decode(PointBlock.tooDense(HOUR, 5).encode());

    assertThat(decoded.tooDense()).isTrue();
    assertThat(decoded.series()).isEmpty();
  }

  @Test
  void readsDamagedOrForeignBytesAsNothing() {
    byte[] good =
        new PointBlock(
                HOUR,
                5,
                false,
                List.of(new PointBlock.Series("W", new long[] {HOUR}, new double[] {1})))
            .encode();

    assertThat(PointBlock.decode(Arrays.copyOf(good, good.length - 1))).isNull();
    assertThat(PointBlock.decode(Arrays.copyOf(good, good.length + 1))).isNull();
    byte[] otherFormat = good.clone();
    otherFormat[0] = 9;
    assertThat(PointBlock.decode(otherFormat)).isNull();
    assertThat(PointBlock.decode(new byte[0])).isNull();
    assertThat(PointBlock.decode("200 {\"json\":true}".getBytes())).isNull();
  }

  @Test
  void alignsBlocksToTheHourBeforeAndAfterTheEpoch() {
    assertThat(PointBlock.blockStart(HOUR + PointBlock.SPAN_NANOS - 1)).isEqualTo(HOUR);
    assertThat(PointBlock.blockStart(-1)).isEqualTo(-PointBlock.SPAN_NANOS);
  }

  @Test
  void knowsWhichInstantsEpochNanosecondsCanHold() {
    assertThat(PointBlock.inNanosRange(Instant.parse("2024-06-01T10:00:00Z"))).isTrue();
    assertThat(PointBlock.inNanosRange(Instant.parse("2300-01-01T00:00:00Z"))).isFalse();
    assertThat(PointBlock.inNanosRange(Instant.parse("1600-01-01T00:00:00Z"))).isFalse();
  }
}
