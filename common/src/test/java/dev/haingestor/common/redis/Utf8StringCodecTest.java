package dev.haingestor.common.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8StringCodecTest {

  private static final List<String> SAMPLES =
      List.of(
          "",
          "entity_id",
          "sensor.living_room_temperature",
          "{\"friendly_name\":\"Küche 🌡\",\"unit_of_measurement\":\"°C\"}",
          "日本語のテキスト",
          "x".repeat(Utf8StringCodec.SCRATCH_BYTES),
          "ä".repeat(Utf8StringCodec.SCRATCH_BYTES),
          "y".repeat(100_000));

  private final Utf8StringCodec codec = new Utf8StringCodec();

  @Test
  void decodesDirectBuffersAsLettucesStringCodecDoes() {
    for (String sample : SAMPLES) {
      ByteBuffer direct = direct(sample);
      assertThat(codec.decodeValue(direct)).isEqualTo(sample);
      assertThat(codec.decodeKey(direct.duplicate())).isEqualTo(sample);
      assertThat(codec.decodeValue(direct.duplicate()))
          .isEqualTo(StringCodec.UTF8.decodeValue(direct.duplicate()));
    }
  }

  @Test
  void decodesOnlyTheRemainingBytesAndLeavesThePositionAlone() {
    ByteBuffer buffer = direct("skip|sensor.kitchen|tail");
    buffer.position(5).limit(19);

    assertThat(codec.decodeValue(buffer)).isEqualTo("sensor.kitchen");
    assertThat(buffer.position()).isEqualTo(5);
    assertThat(buffer.limit()).isEqualTo(19);
  }

  @Test
  void decodesHeapBuffersWithAnOffset() {
    byte[] bytes = "--light.hall--".getBytes(UTF_8);
    ByteBuffer slice = ByteBuffer.wrap(bytes, 2, 10).slice();

    assertThat(slice.arrayOffset()).isEqualTo(2);
    assertThat(codec.decodeKey(slice)).isEqualTo("light.hall");
  }

  @Test
  void aLongElementDoesNotDisturbTheNextShortOne() {
    assertThat(codec.decodeValue(direct("z".repeat(5_000)))).hasSize(5_000);
    assertThat(codec.decodeValue(direct("on"))).isEqualTo("on");
    assertThat(codec.decodeValue(direct("off"))).isEqualTo("off");
  }

  @Test
  void encodesAsLettucesStringCodec() {
    for (String sample : SAMPLES) {
      ByteBuf ours = Unpooled.buffer();
      ByteBuf lettuces = Unpooled.buffer();
      codec.encodeValue(sample, ours);
      StringCodec.UTF8.encodeValue(sample, lettuces);
      assertThat(ours).isEqualTo(lettuces);
      assertThat(codec.encodeKey(sample)).isEqualTo(StringCodec.UTF8.encodeKey(sample));
    }
  }

  @Test
  void writesCommandArgumentsInPlaceWithTheSameBytesAsLettucesStringCodec() {
    assertThat(codec.isEstimateExact()).isTrue();
    assertThat(StringCodec.UTF8.isEstimateExact()).isFalse();
    List<String> samples = new java.util.ArrayList<>(SAMPLES);
    samples.add("unpaired \uD83D surrogates \uDE00"); // written as '?', one byte each
    for (String sample : samples) {
      ByteBuf ours = Unpooled.buffer();
      ByteBuf lettuces = Unpooled.buffer();
      new CommandArgs<>(codec).addKey(sample).addValue(sample).encode(ours);
      new CommandArgs<>(StringCodec.UTF8).addKey(sample).addValue(sample).encode(lettuces);
      assertThat(ours).as(sample.substring(0, Math.min(20, sample.length()))).isEqualTo(lettuces);
      ByteBuf encoded = Unpooled.buffer();
      codec.encodeValue(sample, encoded);
      assertThat(codec.estimateSize(sample)).isEqualTo(encoded.readableBytes());
    }
  }

  @Test
  void decodesAKnownKeyToTheSameInstanceAndOtherKeysAsUsual() {
    String entityId = new String("entity_id");
    Utf8StringCodec knowing = new Utf8StringCodec(List.of(entityId, "v"));

    assertThat(knowing.decodeKey(direct("entity_id"))).isSameAs(entityId);
    assertThat(knowing.decodeKey(ByteBuffer.wrap("v".getBytes(UTF_8)))).isSameAs("v");
    assertThat(knowing.decodeKey(direct("entity_ix"))).isEqualTo("entity_ix").isNotSameAs(entityId);
    assertThat(knowing.decodeKey(direct("entity_id2"))).isEqualTo("entity_id2");
    assertThat(knowing.decodeKey(direct(""))).isEmpty();
    // Values are never shared: they are the entries' data.
    assertThat(knowing.decodeValue(direct("entity_id")))
        .isEqualTo("entity_id")
        .isNotSameAs(entityId);
    ByteBuffer offset = direct("--entity_id");
    offset.position(2);
    assertThat(knowing.decodeKey(offset)).isSameAs(entityId);
    assertThat(offset.position()).isEqualTo(2);
  }

  private static ByteBuffer direct(String text) {
    byte[] bytes = text.getBytes(UTF_8);
    ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
    buffer.put(bytes).flip();
    return buffer;
  }
}
