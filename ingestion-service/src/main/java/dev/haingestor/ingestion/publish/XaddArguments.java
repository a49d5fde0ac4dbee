package dev.haingestor.ingestion.publish;

import dev.haingestor.common.redis.Utf8StringCodec;
import dev.haingestor.common.stream.StreamEntry;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The arguments of one {@code XADD key MAXLEN ~ n * field value ...}, written to the connection
 * straight from a {@link StreamEntry}.
 *
 * <p>Lettuce's own {@code xadd} copies an entry into a map, then into an argument object per field
 * and value, and keeps them all until Redis answers; at 50,000 events/s those objects outlived
 * young collections and were promoted. Here the command holds only its entry, and its fields are
 * encoded into the outgoing buffer when the command is written.
 */
final class XaddArguments extends CommandArgs<String, String> {

  private static final byte[] CRLF = {'\r', '\n'};

  private final Prefix prefix;
  private final StreamEntry entry;

  XaddArguments(Prefix prefix, StreamEntry entry) {
    super(prefix.codec);
    this.prefix = prefix;
    this.entry = entry;
  }

  @Override
  public int count() {
    return prefix.count + 2 * entry.size();
  }

  @Override
  public void encode(ByteBuf buf) {
    buf.writeBytes(prefix.encoded);
    entry.forEachField(
        (name, value) -> {
          writeBulkString(buf, name);
          writeBulkString(buf, value);
        });
  }

  /** As Lettuce writes a value argument with the connection's codec, whose size is exact. */
  private void writeBulkString(ByteBuf buf, String value) {
    buf.writeByte('$');
    writeDecimal(buf, prefix.codec.estimateSize(value));
    buf.writeBytes(CRLF);
    prefix.codec.encodeValue(value, buf);
    buf.writeBytes(CRLF);
  }

  private static void writeDecimal(ByteBuf buf, int value) {
    int divisor = 1;
    while (value / divisor >= 10) {
      divisor *= 10;
    }
    for (; divisor > 0; divisor /= 10) {
      buf.writeByte('0' + value / divisor % 10);
    }
  }

  /** What every XADD to one stream starts with: key, trimming and id; encoded once. */
  static final class Prefix {

    private final Utf8StringCodec codec;
    private final String key;
    private final long maxLength;
    private final int count;
    private final byte[] encoded;

    /**
     * @param codec the connection's codec: the entries' fields are written with it too
     */
    Prefix(String key, long maxLength, Utf8StringCodec codec) {
      this.codec = codec;
      this.key = key;
      this.maxLength = maxLength;
      // Lettuce's own arguments and encoding, as its xadd sends them.
      CommandArgs<String, String> args = new CommandArgs<>(codec).addKey(key);
      XAddArgs.Builder.maxlen(maxLength).approximateTrimming().build(args);
      this.count = args.count();
      ByteBuf buf = Unpooled.buffer();
      try {
        args.encode(buf);
        this.encoded = ByteBufUtil.getBytes(buf);
      } finally {
        buf.release();
      }
    }

    boolean matches(String key, long maxLength) {
      return this.key.equals(key) && this.maxLength == maxLength;
    }

    @Override
    public String toString() {
      return new String(encoded, StandardCharsets.UTF_8);
    }
  }
}
