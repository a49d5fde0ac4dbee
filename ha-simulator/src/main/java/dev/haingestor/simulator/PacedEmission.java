package dev.haingestor.simulator;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Emits a fixed number of events at a fixed rate on the emitter thread. Each tick fires, in one
 * batch, every event that is due by then, so high rates arrive in bursts as HA's do (and get
 * coalesced on connections that asked for it).
 */
final class PacedEmission {

  private static final long MIN_TICK_NANOS = Duration.ofMillis(1).toNanos();
  private static final long MAX_TICK_NANOS = Duration.ofMillis(50).toNanos();

  /**
   * Bounds one tick's burst when the emitter falls behind: far below HA's 4096 pending messages, so
   * catching up cannot by itself get a subscriber cut off.
   */
  private static final int MAX_BATCH = 1_000;

  private final int count;
  private final double eventsPerSecond;
  private final IntFunction<CompletableFuture<Void>> emitBatch;
  private final CompletableFuture<Void> result = new CompletableFuture<>();
  private volatile ScheduledFuture<?> ticker;
  private long startNanos;
  private int emitted;

  /**
   * @param emitBatch fires n events; its future completes when they were handed to the sockets
   */
  PacedEmission(int count, double eventsPerSecond, IntFunction<CompletableFuture<Void>> emitBatch) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    if (!(eventsPerSecond > 0)) {
      throw new IllegalArgumentException("eventsPerSecond must be positive: " + eventsPerSecond);
    }
    this.count = count;
    this.eventsPerSecond = eventsPerSecond;
    this.emitBatch = emitBatch;
  }

  CompletableFuture<Void> start(ScheduledExecutorService executor) {
    if (count == 0) {
      result.complete(null);
      return result;
    }
    long period =
        Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, (long) (1e9 / eventsPerSecond)));
    startNanos = System.nanoTime();
    ticker = executor.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
    result.whenComplete((ignored, error) -> ticker.cancel(false));
    return result;
  }

  void cancel() {
    result.cancel(false);
  }

  private void tick() {
    if (result.isDone()) {
      return;
    }
    try {
      double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
      double dueNow = 1 + Math.floor(elapsedSeconds * eventsPerSecond);
      long due = Double.isNaN(dueNow) ? 1 : (long) Math.min(count, dueNow);
      int batch = (int) Math.min(MAX_BATCH, due - emitted);
      if (batch <= 0) {
        return;
      }
      CompletableFuture<Void> handedOver = emitBatch.apply(batch);
      emitted += batch;
      if (emitted >= count) {
        ScheduledFuture<?> scheduled = ticker;
        if (scheduled != null) {
          scheduled.cancel(false);
        }
        handedOver.whenComplete(
            (ignored, error) -> {
              if (error == null) {
                result.complete(null);
              } else {
                result.completeExceptionally(error);
              }
            });
      }
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }
}
