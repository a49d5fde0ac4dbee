package dev.haingestor.common.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.lettuce.core.codec.StringCodec;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;

/**
 * Lettuce's UTF-8 {@link StringCodec} with a cheaper decoder: it reads a reply element straight
 * from the buffer Lettuce hands over. {@code StringCodec} wraps every element in a Netty buffer
 * first (a {@code DirectByteBuffer} slice, a {@code ByteBuf} and its reference count), which was a
 * fifth of the enrichment service's allocation, as it reads stream entries of a dozen fields each
 * (async-profiler, allocation mode, 5,000 events/s). Encoding is {@code StringCodec}'s own, but
 * with an exact size: Lettuce then writes each command argument straight into its output buffer
 * behind its length, where for {@code StringCodec}'s UTF-8 estimate it encodes every argument into
 * a temporary pooled buffer first and copies it (two dozen per XADD of an event).
 *
 * <p>Keys it is told about (the stream's field names) decode to the same {@code String} every time:
 * a reply of 5,000 entries then holds one copy of each name instead of 5,000, which the garbage
 * collector would otherwise copy at every young collection while the batch is in flight.
 *
 * <p>Thread-safe: it keeps a small scratch array per decoding thread (Lettuce's event-loop
 * threads). Keep one instance per owner of connections and reuse it when reconnecting, so that
 * every reconnect does not leave another set of scratch arrays on those threads.
 */
public final class Utf8StringCodec extends StringCodec {

  /** Elements up to this size are copied through the scratch array; larger ones get their own. */
  static final int SCRATCH_BYTES = 1024;

  private final ThreadLocal<byte[]> scratch =
      ThreadLocal.withInitial(() -> new byte[SCRATCH_BYTES]);

  private final String[] knownKeys;
  private final byte[][] knownKeyBytes;

  public Utf8StringCodec() {
    this(List.of());
  }

  /**
   * @param knownKeys keys decoded to these very instances (a handful: each decoded key is compared
   *     with those of its length)
   */
  public Utf8StringCodec(Collection<String> knownKeys) {
    super(UTF_8);
    this.knownKeys = knownKeys.toArray(String[]::new);
    this.knownKeyBytes = new byte[this.knownKeys.length][];
    for (int i = 0; i < this.knownKeys.length; i++) {
      knownKeyBytes[i] = this.knownKeys[i].getBytes(UTF_8);
    }
  }

  /** True: {@link #estimateSize} is the exact number of bytes {@code encode} writes. */
  @Override
  public boolean isEstimateExact() {
    return true;
  }

  @Override
  public int estimateSize(Object keyOrValue) {
    // Netty's count matches its writeUtf8, which StringCodec encodes with (unpaired surrogates
    // included).
    return keyOrValue == null ? 0 : ByteBufUtil.utf8Bytes((CharSequence) keyOrValue);
  }

  @Override
  public String decodeKey(ByteBuffer bytes) {
    String known = knownKey(bytes);
    return known != null ? known : decode(bytes);
  }

  private String knownKey(ByteBuffer bytes) {
    int length = bytes.remaining();
    int position = bytes.position();
    candidates:
    for (int k = 0; k < knownKeyBytes.length; k++) {
      byte[] candidate = knownKeyBytes[k];
      if (candidate.length != length) {
        continue;
      }
      for (int i = 0; i < length; i++) {
        if (bytes.get(position + i) != candidate[i]) {
          continue candidates;
        }
      }
      return knownKeys[k];
    }
    return null;
  }

  @Override
  public String decodeValue(ByteBuffer bytes) {
    return decode(bytes);
  }

  /** Decodes the buffer's remaining bytes without moving its position, as StringCodec does. */
  private String decode(ByteBuffer bytes) {
    int length = bytes.remaining();
    if (length == 0) {
      return "";
    }
    if (bytes.hasArray()) {
      return new String(bytes.array(), bytes.arrayOffset() + bytes.position(), length, UTF_8);
    }
    byte[] copy = length <= SCRATCH_BYTES ? scratch.get() : new byte[length];
    bytes.get(bytes.position(), copy, 0, length);
    return new String(copy, 0, length, UTF_8);
  }
}
