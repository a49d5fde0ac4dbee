package dev.haingestor.enrichment.weather;

import dev.haingestor.common.config.WeatherProvider;
import dev.haingestor.common.metrics.MetricNames;
import dev.haingestor.enrichment.point.LineBatch;
import dev.haingestor.enrichment.runtime.RuntimeSettings;
import dev.haingestor.enrichment.runtime.WeatherSettings;
import dev.haingestor.enrichment.sink.BreakerStateMeter;
import dev.haingestor.enrichment.sink.InfluxWriter;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Keeps the weather cache fresh in the background, independent of events: every {@code
 * checkInterval} it looks whether the cached observation is older than the refresh interval (or
 * missing) and then asks the provider — through a Resilience4j time limiter, circuit breaker
 * ({@code weather}) and retry with back-off. A fresh observation is cached and written as a {@code
 * weather} point stamped with its observation time, so writing it twice overwrites one point. While
 * the provider fails, the stale observation stays in the cache (up to {@code WEATHER_MAX_AGE}) and
 * events keep flowing at full speed. The {@code ha_entity} provider needs no refresher: the
 * consumer feeds the cache from the stream.
 */
@Component
class WeatherRefresher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WeatherRefresher.class);
  static final String BREAKER = "weather";

  private final WeatherContext context;
  private final RuntimeSettings settings;
  private final WeatherProperties properties;
  private final InfluxWriter writer;
  private final Clock clock;
  private final WeatherSource openMeteo;
  private final WeatherSource openWeatherMap;
  private final CircuitBreaker breaker;
  private final Retry retry;
  private final TimeLimiter timeLimiter;
  private final Counter succeeded;
  private final Counter failed;
  private final Counter rejected;
  private final AtomicReference<String> lastProblem = new AtomicReference<>();
  private volatile Disposable ticking;

  WeatherRefresher(
      WeatherContext context,
      RuntimeSettings settings,
      WeatherProperties properties,
      InfluxWriter writer,
      Clock clock,
      MeterRegistry registry) {
    this.context = context;
    this.settings = settings;
    this.properties = properties;
    this.writer = writer;
    this.clock = clock;
    HttpClient httpClient =
        HttpClient.create()
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.timeout().toMillis())
            .responseTimeout(properties.timeout());
    WebClient http =
        WebClient.builder().clientConnector(new ReactorClientHttpConnector(httpClient)).build();
    this.openMeteo = new OpenMeteoSource(http, properties.openMeteoUrl(), clock);
    this.openWeatherMap =
        new OpenWeatherMapSource(http, properties.openweathermapUrl(), properties.apiKey(), clock);
    this.breaker =
        CircuitBreaker.of(
            BREAKER,
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(6)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(properties.breakerOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
    this.retry =
        Retry.of(
            BREAKER,
            RetryConfig.custom()
                .maxAttempts(properties.attempts())
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(
                        Duration.ofMillis(200), 2.0, Duration.ofSeconds(5)))
                .retryOnException(
                    e -> e instanceof WeatherFetchException || e instanceof TimeoutException)
                .build());
    this.timeLimiter =
        TimeLimiter.of(
            BREAKER,
            TimeLimiterConfig.custom()
                .timeoutDuration(properties.timeout())
                .cancelRunningFuture(true)
                .build());
    this.succeeded = fetches(registry, "success");
    this.failed = fetches(registry, "failure");
    this.rejected = fetches(registry, "rejected");
    BreakerStateMeter.register(registry, breaker);
  }

  private static Counter fetches(MeterRegistry registry, String outcome) {
    return Counter.builder(MetricNames.ENRICHMENT_WEATHER_FETCHES)
        .description("Weather provider refreshes (rejected = circuit breaker open)")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** The provider's breaker, for tests and health. */
  CircuitBreaker breaker() {
    return breaker;
  }

  /** One check: fetch and write when due. Never fails. */
  Mono<Void> refreshIfDue() {
    WeatherSettings current = settings.current().weather();
    if (!current.enabled() || current.provider() == WeatherProvider.HA_ENTITY) {
      return Mono.empty();
    }
    if (!current.hasLocation()) {
      problem(
          "Weather is enabled but no location is configured (WEATHER_LATITUDE/WEATHER_LONGITUDE"
              + " or the runtime configuration's weather.latitude/longitude); no weather is"
              + " fetched");
      return Mono.empty();
    }
    if (current.provider() == WeatherProvider.OPENWEATHERMAP && !properties.hasApiKey()) {
      problem("Weather provider openweathermap needs WEATHER_API_KEY; no weather is fetched");
      return Mono.empty();
    }
    WeatherKey key = WeatherKey.of(current);
    WeatherObservation cached = context.cached(key);
    if (cached != null
        && cached.fetchedAt().plus(current.refreshInterval()).isAfter(clock.instant())) {
      return Mono.empty();
    }
    WeatherSource source =
        current.provider() == WeatherProvider.OPENWEATHERMAP ? openWeatherMap : openMeteo;
    return source
        .fetch(current.latitude(), current.longitude())
        .transformDeferred(TimeLimiterOperator.of(timeLimiter))
        .transformDeferred(CircuitBreakerOperator.of(breaker))
        .transformDeferred(RetryOperator.of(retry))
        .flatMap(observation -> fetched(key, observation))
        .onErrorResume(this::fetchFailed);
  }

  private Mono<Void> fetched(WeatherKey key, WeatherObservation observation) {
    succeeded.increment();
    context.store(key, observation);
    if (lastProblem.getAndSet(null) != null) {
      log.info("Weather from {} works again", key.provider().wireName());
    }
    if (observation.isEmpty() || writer.isPaused()) {
      return Mono.empty();
    }
    LineBatch lines = new LineBatch(settings.current().schema().precision(), 1);
    lines.add(observation.toPoint(key.tags()));
    return writer
        .write(lines)
        .doOnNext(
            rejections -> {
              if (!rejections.isEmpty()) {
                log.warn("InfluxDB refused the weather point: {}", rejections.get(0).error());
              }
            })
        .then()
        .onErrorResume(
            e -> {
              log.debug(
                  "Weather point not written ({}); the next refresh writes anew", e.toString());
              return Mono.empty();
            });
  }

  private Mono<Void> fetchFailed(Throwable error) {
    if (error instanceof CallNotPermittedException) {
      rejected.increment();
      return Mono.empty();
    }
    failed.increment();
    String reason =
        error instanceof TimeoutException
            ? "no answer within " + properties.timeout()
            : error.getMessage();
    problem(
        "Weather refresh failed ("
            + reason
            + "); the cached observation is served until it is "
            + properties.maxAge()
            + " old, events are not delayed");
    return Mono.empty();
  }

  /** Logs a problem once, until it changes or is solved. */
  private void problem(String message) {
    if (!message.equals(lastProblem.getAndSet(message))) {
      log.warn(message);
    }
  }

  @Override
  public void start() {
    ticking =
        Flux.interval(Duration.ZERO, properties.checkInterval())
            .onBackpressureDrop()
            .concatMap(tick -> refreshIfDue(), 1)
            .subscribe();
  }

  @Override
  public void stop() {
    Disposable current = ticking;
    ticking = null;
    if (current != null) {
      current.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return ticking != null;
  }
}
