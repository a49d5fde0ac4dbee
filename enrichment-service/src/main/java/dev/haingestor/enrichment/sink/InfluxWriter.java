package dev.haingestor.enrichment.sink;

import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.enrichment.point.LineBatch;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Writes batches to InfluxDB with the failure semantics of the pipeline:
 *
 * <ul>
 *   <li><b>Retry</b> (Resilience4j) of 5xx, 429, timeouts and connection errors, with exponential
 *       back-off, a bounded number of attempts;
 *   <li>a <b>circuit breaker</b> over the attempts: when most of the recent ones failed, it opens
 *       and no write is attempted for {@link Settings#breakerOpenDuration()}; the caller keeps its
 *       batch (pending in Redis, nothing dropped) and reads nothing new meanwhile; then one probe
 *       write decides whether it closes again. A rejection (400) counts as an answer, not a
 *       failure;
 *   <li><b>rejected data</b> (HTTP 400 and other 4xx, e.g. a field type conflict or a partial
 *       write): the batch is split in halves, recursively, until the refused lines stand alone; all
 *       others are written. On InfluxDB 1.x a partial write has already stored the good lines;
 *       writing them again overwrites the same points, so splitting is idempotent.
 * </ul>
 */
public final class InfluxWriter {

  /** Name of the InfluxDB breaker in metrics and health. */
  public static final String BREAKER = "influxdb";

  static final String OUTCOME_TAG = "outcome";

  /**
   * @param attempts attempts per write, the first included
   * @param initialBackoff pause before the second attempt; doubling
   * @param maxBackoff longest pause between attempts
   * @param breakerOpenDuration how long the breaker stays open before a probe
   */
  public record Settings(
      int attempts, Duration initialBackoff, Duration maxBackoff, Duration breakerOpenDuration) {}

  /**
   * Window of the breaker: the last {@value} attempts; it opens when at least {@value
   * #MINIMUM_CALLS} were made and half of them failed.
   */
  private static final int WINDOW = 10;

  private static final int MINIMUM_CALLS = 3;

  private final InfluxSink sink;
  private final CircuitBreaker breaker;
  private final Retry retry;
  private final MeterRegistry registry;
  private final Timer succeeded;
  private final Timer retryable;
  private final Timer rejected;
  private final Map<Integer, Counter> errorsByStatus = new ConcurrentHashMap<>();
  private volatile Consumer<InfluxWriteException> failedAttemptListener = e -> {};

  public InfluxWriter(InfluxSink sink, Settings settings, MeterRegistry registry) {
    this.sink = sink;
    this.registry = registry;
    this.breaker =
        CircuitBreaker.of(
            BREAKER,
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(WINDOW)
                .minimumNumberOfCalls(MINIMUM_CALLS)
                .failureRateThreshold(50)
                .waitDurationInOpenState(settings.breakerOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(RetryableWriteException.class::isInstance)
                .build());
    this.retry =
        Retry.of(
            BREAKER,
            RetryConfig.custom()
                .maxAttempts(settings.attempts())
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(
                        settings.initialBackoff(), 2.0, settings.maxBackoff()))
                .retryOnException(RetryableWriteException.class::isInstance)
                .failAfterMaxAttempts(false)
                .build());
    this.succeeded = writeTimer(registry, "success");
    this.retryable = writeTimer(registry, "retryable");
    this.rejected = writeTimer(registry, "rejected");
  }

  private static Timer writeTimer(MeterRegistry registry, String outcome) {
    return Timer.builder(MetricNames.ENRICHMENT_WRITE_DURATION)
        .description("Duration of one InfluxDB write request")
        .tag(OUTCOME_TAG, outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  /**
   * Writes every line. Emits the lines InfluxDB refused, each with its own error text (empty when
   * all were written). Fails with {@link RetryableWriteException} when InfluxDB stayed unavailable
   * for all attempts, or {@link WritesPausedException} while the breaker is open; then nothing is
   * known to be written, and the caller tries the whole batch again later.
   */
  public Mono<List<Rejection>> write(LineBatch lines) {
    if (lines.isEmpty()) {
      return Mono.just(List.of());
    }
    return writeRange(lines, 0, lines.size());
  }

  /**
   * Called with every request that InfluxDB did not answer or answered 5xx/429/401/403/404, as it
   * fails (before any retry), e.g. to report the service degraded at once rather than after the
   * last attempt. Rejections (400) are not failures of InfluxDB.
   */
  public void onFailedAttempt(Consumer<InfluxWriteException> listener) {
    this.failedAttemptListener = listener;
  }

  /** True while the breaker forbids writes: the consumer reads nothing new then. */
  public boolean isPaused() {
    CircuitBreaker.State state = breaker.getState();
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
  }

  /** The breaker, for its state in metrics and health. */
  public CircuitBreaker breaker() {
    return breaker;
  }

  /** Where points go, for logs; never contains credentials. */
  public String target() {
    return sink.target();
  }

  private Mono<List<Rejection>> writeRange(LineBatch lines, int from, int to) {
    return guardedWrite(lines.slice(from, to), lines)
        .thenReturn(List.<Rejection>of())
        .onErrorResume(RejectedWriteException.class, e -> split(lines, from, to, e));
  }

  private Mono<List<Rejection>> split(
      LineBatch lines, int from, int to, RejectedWriteException error) {
    if (to - from == 1) {
      return Mono.just(List.of(new Rejection(from, error.getMessage())));
    }
    int middle = (from + to) >>> 1;
    // One half after the other: concurrency stays at one request, as for whole batches.
    return writeRange(lines, from, middle)
        .flatMap(
            left ->
                writeRange(lines, middle, to)
                    .map(
                        right -> {
                          if (left.isEmpty()) {
                            return right;
                          }
                          List<Rejection> all = new ArrayList<>(left);
                          all.addAll(right);
                          return all;
                        }));
  }

  /** One request, through the breaker, retried with back-off. */
  private Mono<Void> guardedWrite(String body, LineBatch lines) {
    return Mono.defer(() -> timedWrite(body, lines))
        .transformDeferred(CircuitBreakerOperator.of(breaker))
        .transformDeferred(RetryOperator.of(retry))
        .onErrorMap(CallNotPermittedException.class, WritesPausedException::new);
  }

  private Mono<Void> timedWrite(String body, LineBatch lines) {
    long start = System.nanoTime();
    return sink.write(body, lines.precision())
        .doOnSuccess(v -> succeeded.record(Duration.ofNanos(System.nanoTime() - start)))
        .doOnError(
            InfluxWriteException.class,
            e -> {
              if (e instanceof RetryableWriteException) {
                failedAttemptListener.accept(e); // a 400 is an answer: InfluxDB works
              }
              Duration took = Duration.ofNanos(System.nanoTime() - start);
              (e instanceof RejectedWriteException ? rejected : retryable).record(took);
              errors(e.status()).increment();
            });
  }

  private Counter errors(int status) {
    return errorsByStatus.computeIfAbsent(
        status,
        s ->
            Counter.builder(MetricNames.ENRICHMENT_INFLUXDB_ERRORS)
                .description("InfluxDB write requests not answered with 2xx (0 = no answer)")
                .tag("status", Integer.toString(s))
                .register(registry));
  }
}
