package dev.haingestor.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.e2e.faults.Delivery.Identity;
import dev.haingestor.e2e.faults.Delivery.Tally;
import dev.haingestor.simulator.EmittedEvent;
import dev.haingestor.testsupport.process.ServiceJar;
import dev.haingestor.testsupport.redis.RespConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The full suite's soak: a steady rate for minutes, checked in slices of 20 s (each slice's events
 * are verified while the next one is fired), with the services' RSS, Redis memory and the pending
 * list sampled after every slice. Memory and pending must stay flat: no leak, no growing backlog.
 */
final class Soak {

  private static final Duration SLICE = Duration.ofSeconds(20);

  private final FaultStack stack;
  private final Delivery delivery;
  private final FaultReport report;

  Soak(FaultStack stack, Delivery delivery, FaultReport report) {
    this.stack = stack;
    this.delivery = delivery;
    this.report = report;
  }

  void run(Duration duration, int rate) {
    int slices = (int) Math.max(3, duration.toSeconds() / SLICE.toSeconds());
    int perSlice = (int) (rate * SLICE.toSeconds());
    List<Map<String, Long>> samples = new ArrayList<>();
    List<Identity> previous = null;
    int emitted = 0;
    int stored = 0;
    int duplicates = 0;
    Instant started = Instant.now();
    for (int i = 0; i < slices; i++) {
      Instant fence = newest();
      CompletableFuture<Void> slice = stack.simulator.emitAsync(perSlice, rate);
      if (previous != null) {
        Tally tally = awaitStored(previous);
        stored += tally.stored();
        duplicates += tally.duplicates();
      }
      join(slice);
      previous = firedSince(fence);
      emitted += previous.size();
      samples.add(sample());
      System.out.println(
          "[faults] soak slice " + (i + 1) + "/" + slices + ": " + samples.get(samples.size() - 1));
    }
    Tally tally = awaitStored(previous);
    stored += tally.stored();
    duplicates += tally.duplicates();
    try (RespConnection redis = stack.redisConnection()) {
      await("soak: group drained")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> delivery.groupState(redis).drained());
    }
    report.add(
        new FaultReport.Row(
            "Soak " + duration.toSeconds() + " s at " + rate + " events/s",
            emitted,
            stored,
            duplicates,
            0,
            null,
            "ok; first/last sample " + samples.get(0) + " / " + samples.get(samples.size() - 1)));
    assertThat(duplicates).isZero();
    assertThat(stored).isEqualTo(emitted);
    // Flat: after a warm-up third (the stream has reached its retention by then), no service and
    // not Redis grows by more than half, and the backlog stays below a few seconds of events.
    Map<String, Long> warm = samples.get(samples.size() / 3);
    Map<String, Long> last = samples.get(samples.size() - 1);
    warm.forEach(
        (key, value) -> {
          if (key.startsWith("rss ") || key.equals("redis MiB")) {
            assertThat(last.get(key)).as("%s after the warm-up", key).isLessThan(value * 3 / 2);
          }
        });
    assertThat(samples).allSatisfy(s -> assertThat(s.get("pending")).isLessThan(rate * 5L));
    System.out.println("[faults] soak took " + Duration.between(started, Instant.now()));
  }

  private Tally awaitStored(List<Identity> events) {
    Tally[] last = new Tally[1];
    await("soak slice stored")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              last[0] = delivery.tally(events);
              return last[0].stored() == events.size();
            });
    return last[0];
  }

  private Map<String, Long> sample() {
    Map<String, Long> sample = new LinkedHashMap<>();
    for (ServiceJar service : stack.running()) {
      sample.put("rss " + service.name() + " MiB", rssKib(service.pid()) / 1024);
    }
    try (RespConnection redis = stack.redisConnection()) {
      String info = (String) redis.command("INFO", "memory");
      info.lines()
          .filter(line -> line.startsWith("used_memory:"))
          .findFirst()
          .ifPresent(
              line ->
                  sample.put(
                      "redis MiB", Long.parseLong(line.substring(12).trim()) / (1024 * 1024)));
      sample.put("pending", delivery.groupState(redis).pending());
    }
    return sample;
  }

  private static long rssKib(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
          .filter(line -> line.startsWith("VmRSS:"))
          .map(line -> line.replaceAll("\\D", ""))
          .mapToLong(Long::parseLong)
          .findFirst()
          .orElse(-1);
    } catch (IOException e) {
      return -1;
    }
  }

  private Instant newest() {
    List<EmittedEvent> all = stack.simulator.emitted();
    return all.isEmpty() ? Instant.EPOCH : all.get(all.size() - 1).timeFired();
  }

  private List<Identity> firedSince(Instant fence) {
    return FaultSuiteIT.identities(
        stack.simulator.emitted().stream().filter(e -> e.timeFired().isAfter(fence)).toList());
  }

  private static void join(CompletableFuture<Void> slice) {
    try {
      slice.get(SLICE.toSeconds() + 60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("soak emission failed", e);
    }
  }
}
