package dev.haingestor.admin.influx;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Bounds the InfluxDB queries in flight: at most {@code maxConcurrent} run, up to {@code maxQueued}
 * wait their turn in arrival order, more are refused at once ({@link InfluxUnavailableException},
 * 503). A burst of dashboard panels queues briefly instead of failing, and a flood cannot pile
 * hundreds of concurrent queries on InfluxDB (they would all slow down and time out together).
 * Non-blocking: waiting is a subscription to a sink, never a parked thread. The caller's timeout
 * covers the wait.
 */
final class QueryLimiter {

  private static final int WAITING = 0;
  private static final int GRANTED = 1;
  private static final int CANCELLED = 2;
  private static final int RELEASED = 3;

  private final int maxConcurrent;
  private final int maxQueued;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final Queue<Permit> waiting = new ConcurrentLinkedQueue<>();

  QueryLimiter(int maxConcurrent, int maxQueued) {
    this.maxConcurrent = maxConcurrent;
    this.maxQueued = maxQueued;
  }

  /** {@code query}, subscribed once a slot is free; the slot is freed however it ends. */
  <T> Mono<T> limit(Mono<T> query) {
    return Mono.defer(
        () -> {
          Permit permit = new Permit();
          return acquire(permit).then(query).doFinally(signal -> permit.end());
        });
  }

  int running() {
    return running.get();
  }

  private Mono<Void> acquire(Permit permit) {
    int current = running.get();
    while (current < maxConcurrent) {
      if (running.compareAndSet(current, current + 1)) {
        permit.state.set(GRANTED);
        return Mono.empty();
      }
      current = running.get();
    }
    if (queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      permit.state.set(CANCELLED);
      return Mono.error(
          new InfluxUnavailableException(
              "InfluxDB is busy: "
                  + maxConcurrent
                  + " queries running and "
                  + maxQueued
                  + " waiting (INFLUXDB_MAX_CONCURRENT_QUERIES); try again",
              null));
    }
    waiting.add(permit);
    drain();
    return permit.granted.asMono().then();
  }

  /** Hands free slots to waiting queries, oldest first, skipping cancelled ones. */
  private void drain() {
    while (true) {
      int current = running.get();
      if (current >= maxConcurrent || waiting.isEmpty()) {
        return;
      }
      if (!running.compareAndSet(current, current + 1)) {
        continue;
      }
      Permit next = waiting.poll();
      if (next == null) {
        running.decrementAndGet();
        continue;
      }
      if (next.state.compareAndSet(WAITING, GRANTED)) {
        queued.decrementAndGet();
        next.granted.tryEmitValue(Boolean.TRUE);
      } else {
        running.decrementAndGet(); // cancelled while waiting: its slot goes to the next
      }
    }
  }

  private final class Permit {
    final AtomicInteger state = new AtomicInteger(WAITING);
    final Sinks.One<Boolean> granted = Sinks.one();

    /** Frees the slot of a granted permit, or leaves the queue of a waiting one; once. */
    void end() {
      if (state.compareAndSet(GRANTED, RELEASED)) {
        running.decrementAndGet();
        drain();
      } else if (state.compareAndSet(WAITING, CANCELLED)) {
        queued.decrementAndGet();
      }
    }
  }
}
