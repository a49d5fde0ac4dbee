package dev.haingestor.admin.history;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decoded blocks kept in memory until their Redis copies expire, bounded in bytes: when a block
 * does not fit, expired blocks go first, then any others until it fits.
 */
final class BlocksInMemory {

  /** Object headers, the series list and the arrays' headers, roughly. */
  private static final long OVERHEAD_BYTES = 128;

  private final long maxBytes;
  private final Map<String, PointBlock> blocks = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();

  BlocksInMemory(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The block under {@code key} unless it has expired. */
  PointBlock get(String key, long nowMillis) {
    PointBlock block = blocks.get(key);
    if (block == null) {
      return null;
    }
    if (block.expiresAtMillis() <= nowMillis) {
      remove(key, block);
      return null;
    }
    return block;
  }

  void put(String key, PointBlock block, long nowMillis) {
    long size = size(block);
    if (block.expiresAtMillis() <= nowMillis || size > maxBytes) {
      return;
    }
    if (bytes.get() + size > maxBytes) {
      blocks.forEach(
          (k, kept) -> {
            if (kept.expiresAtMillis() <= nowMillis) {
              remove(k, kept);
            }
          });
      Iterator<Map.Entry<String, PointBlock>> others = blocks.entrySet().iterator();
      while (bytes.get() + size > maxBytes && others.hasNext()) {
        Map.Entry<String, PointBlock> other = others.next();
        remove(other.getKey(), other.getValue());
      }
    }
    PointBlock previous = blocks.put(key, block);
    bytes.addAndGet(size - (previous == null ? 0 : size(previous)));
  }

  long bytes() {
    return bytes.get();
  }

  private void remove(String key, PointBlock block) {
    if (blocks.remove(key, block)) {
      bytes.addAndGet(-size(block));
    }
  }

  private static long size(PointBlock block) {
    return OVERHEAD_BYTES * (1 + block.series().size()) + 16L * block.points();
  }
}
