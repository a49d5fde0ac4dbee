package dev.haingestor.ingestion.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.redis.Utf8StringCodec;
import dev.haingestor.common.stream.StreamEntry;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The XADD arguments are exactly what Lettuce's own {@code xadd} would send for the same entry. */
class XaddArgumentsTest {

  private static final String KEY = "ha-ingestor:events";

  @Test
  void encodesAnEntryAsLettuceDoes() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("v", "1");
    fields.put("entity_id", "sensor.küche_temperature");
    fields.put("unit", "°C 🌡");
    fields.put("empty", "");
    fields.put("new_state", "{\"state\":\"21.5\",\"attributes\":{}}");

    assertSameAsLettuce(1_000_000, fields);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 9, 10, 11, 99, 100, 101, 999, 1_000, 65_536, 1_048_577})
  void writesEveryValueLength(int length) {
    assertSameAsLettuce(100, Map.of("new_state", "x".repeat(length)));
  }

  @Test
  void writesAnEntryWithoutFieldsAsLettuceDoes() {
    // Redis refuses it ("wrong number of arguments"); the appender must send it as it is.
    assertSameAsLettuce(7, Map.of());
  }

  private static void assertSameAsLettuce(long maxLength, Map<String, String> fields) {
    CommandArgs<String, String> lettuce = new CommandArgs<>(StringCodec.UTF8).addKey(KEY);
    XAddArgs.Builder.maxlen(maxLength).approximateTrimming().build(lettuce);
    lettuce.add(fields);
    XaddArguments ours =
        new XaddArguments(
            new XaddArguments.Prefix(KEY, maxLength, new Utf8StringCodec()),
            StreamEntry.of(fields));

    assertThat(ours.count()).isEqualTo(lettuce.count());
    assertThat(encoded(ours)).isEqualTo(encoded(lettuce));
  }

  private static String encoded(CommandArgs<?, ?> args) {
    ByteBuf buf = Unpooled.buffer();
    try {
      args.encode(buf);
      return new String(ByteBufUtil.getBytes(buf), StandardCharsets.UTF_8);
    } finally {
      buf.release();
    }
  }
}
