package dev.haingestor.admin.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class QueryLimiterTest {

  private final QueryLimiter limiter = new QueryLimiter(2, 1);
  private final AtomicInteger started = new AtomicInteger();

  /** A query that runs until its sink is completed. */
  private Mono<String> query(Sinks.One<String> result) {
    return Mono.defer(
        () -> {
          started.incrementAndGet();
          return result.asMono();
        });
  }

  @Test
  void runsTwoQueuesOneAndRefusesTheRest() {
    Sinks.One<String> first = Sinks.one();
    Sinks.One<String> second = Sinks.one();
    Sinks.One<String> third = Sinks.one();
    List<String> answers = new ArrayList<>();
    limiter.limit(query(first)).subscribe(answers::add);
    limiter.limit(query(second)).subscribe(answers::add);
    limiter.limit(query(third)).subscribe(answers::add);

    StepVerifier.create(limiter.limit(Mono.just("fourth")))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(InfluxUnavailableException.class)
                    .hasMessageContaining("InfluxDB is busy"))
        .verify(Duration.ofSeconds(5));
    assertThat(started).hasValue(2);

    first.tryEmitValue("1");
    assertThat(started).hasValue(3);
    second.tryEmitValue("2");
    third.tryEmitValue("3");
    assertThat(answers).containsExactly("1", "2", "3");
    assertThat(limiter.running()).isZero();
  }

  @Test
  void freesTheSlotOfAFailedOrCancelledQueryAndSkipsCancelledWaiters() {
    Sinks.One<String> hanging = Sinks.one();
    Disposable cancelled = limiter.limit(query(hanging)).subscribe();
    StepVerifier.create(limiter.limit(Mono.error(new IllegalStateException("boom"))))
        .expectErrorMessage("boom")
        .verify(Duration.ofSeconds(5));
    Sinks.One<String> blocking = Sinks.one();
    limiter.limit(query(blocking)).subscribe();
    Disposable waiter = limiter.limit(Mono.just("never")).subscribe();

    waiter.dispose();
    cancelled.dispose();
    blocking.tryEmitValue("done");

    assertThat(limiter.running()).isZero();
    StepVerifier.create(limiter.limit(Mono.just("again"))).expectNext("again").verifyComplete();
  }

  @Test
  void neverRunsMoreThanTheLimitUnderConcurrentLoad() {
    QueryLimiter wide = new QueryLimiter(3, 1000);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();

    List<Integer> done =
        Flux.range(0, 200)
            .flatMap(
                i ->
                    wide.limit(
                        Mono.fromSupplier(
                                () -> {
                                  peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                                  return i;
                                })
                            .delayElement(Duration.ofMillis(1))
                            // Before the completion travels on and frees the slot.
                            .doOnTerminate(inFlight::decrementAndGet)),
                64)
            .collectList()
            .block(Duration.ofSeconds(30));

    assertThat(done).hasSize(200);
    assertThat(peak.get()).isLessThanOrEqualTo(3);
    // The last slot is freed in doFinally, which may run just after the result was delivered.
    await().atMost(Duration.ofSeconds(5)).until(() -> wide.running() == 0);
  }
}
