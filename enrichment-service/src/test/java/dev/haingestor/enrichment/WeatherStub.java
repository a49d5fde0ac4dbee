package dev.haingestor.enrichment;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * A weather provider on loopback that answers like Open-Meteo ({@code /v1/forecast}) and
 * OpenWeatherMap ({@code /data/2.5/weather}) — or fails: HTTP 500, or no answer at all.
 */
final class WeatherStub implements AutoCloseable {

  enum Mode {
    OK,
    ERROR_500,
    HANG
  }

  private final LoopResources loops = LoopResources.create("weather-stub", 1, true);
  private final DisposableServer server;
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
  private final AtomicReference<Instant> observedAt = new AtomicReference<>();
  private final AtomicReference<Double> temperature = new AtomicReference<>(11.5);
  private final List<String> requests = new CopyOnWriteArrayList<>();

  WeatherStub(Instant observedAt) {
    this.observedAt.set(observedAt);
    this.server =
        HttpServer.create()
            .runOn(loops)
            .host("127.0.0.1")
            .port(0)
            .handle(this::handle)
            .bindNow(Duration.ofSeconds(10));
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  void mode(Mode next) {
    mode.set(next);
  }

  void observation(Instant at, double celsius) {
    observedAt.set(at);
    temperature.set(celsius);
  }

  /** Every request's path and query, in order. */
  List<String> requests() {
    return requests;
  }

  private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    requests.add(request.uri());
    return switch (mode.get()) {
      case HANG -> Mono.never();
      case ERROR_500 -> response.status(500).sendString(Mono.just("{\"error\":true}")).then();
      case OK ->
          response
              .header("Content-Type", "application/json")
              .sendString(Mono.just(body(request.uri())), StandardCharsets.UTF_8)
              .then();
    };
  }

  private String body(String uri) {
    long epoch = observedAt.get().getEpochSecond();
    double celsius = temperature.get();
    if (uri.startsWith("/data/2.5/weather")) {
      return """
          {"coord":{"lon":4.89,"lat":52.37},"weather":[{"id":500,"main":"Rain","description":"light rain"}],
           "main":{"temp":%s,"feels_like":9.1,"pressure":1009,"humidity":87},
           "wind":{"speed":6.2,"deg":240},"clouds":{"all":90},"rain":{"1h":0.4},"dt":%d,"name":"Amsterdam"}
          """
          .formatted(celsius, epoch);
    }
    return """
        {"latitude":52.37,"longitude":4.89,"current_units":{"time":"unixtime","temperature_2m":"°C"},
         "current":{"time":%d,"interval":900,"temperature_2m":%s,"relative_humidity_2m":80,
          "pressure_msl":1012.4,"wind_speed_10m":3.2,"wind_direction_10m":200,"cloud_cover":75,
          "precipitation":0.0,"weather_code":3}}
        """
        .formatted(epoch, celsius);
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
    loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(5));
  }
}
