package dev.haingestor.testsupport.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A test-only HTTP proxy on a free loopback port. It forwards requests to one upstream (mapped by
 * {@link ProxyRoutes}, body and headers byte for byte, the upstream's status, headers and body
 * back) — unless a {@link Fault} is injected: a status answer, a delay, or a dropped connection.
 * Faults can be switched at any time from the test thread.
 */
public final class FaultInjectingHttpProxy implements AutoCloseable {

  private static final byte[] EMPTY = new byte[0];
  private static final int RECORDED_REQUESTS = 100;
  private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(60);

  /** Hop-by-hop headers and the ones the proxy recomputes; everything else passes. */
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "host",
          "content-length",
          "connection",
          "keep-alive",
          "transfer-encoding",
          "upgrade",
          "expect",
          "proxy-connection",
          "te",
          "trailer");

  private final ProxyRoutes routes;
  private final ConnectionProvider connections;
  private final LoopResources loops;
  private final HttpClient upstream;
  private final DisposableServer server;
  private final AtomicReference<Plan> plan =
      new AtomicReference<>(Plan.always(Fault.passThrough()));
  private final AtomicLong requests = new AtomicLong();
  private final Deque<RecordedRequest> recent = new ArrayDeque<>();

  private FaultInjectingHttpProxy(String upstreamBaseUrl, ProxyRoutes routes) {
    this.routes = routes;
    this.connections =
        ConnectionProvider.builder("test-proxy")
            .maxConnections(64)
            .pendingAcquireTimeout(Duration.ofSeconds(30))
            .build();
    // Its own event loops: a Spring context closing in the same test JVM disposes Reactor
    // Netty's global loops, which would silently kill a proxy living on them.
    this.loops = LoopResources.create("test-proxy", 2, true);
    this.upstream =
        HttpClient.create(connections)
            .runOn(loops)
            .baseUrl(stripSlash(upstreamBaseUrl))
            .responseTimeout(UPSTREAM_TIMEOUT);
    this.server =
        HttpServer.create()
            .runOn(loops)
            .host("127.0.0.1")
            .port(0)
            .httpRequestDecoder(spec -> spec.maxInitialLineLength(64 * 1024))
            .handle(this::handle)
            .bindNow(Duration.ofSeconds(10));
  }

  /** A plain pass-through proxy (until a fault is injected). */
  public static FaultInjectingHttpProxy start(String upstreamBaseUrl) {
    return new FaultInjectingHttpProxy(upstreamBaseUrl, ProxyRoutes.PASS_THROUGH);
  }

  /** A proxy whose requests are mapped by {@code routes}, e.g. {@link InfluxV2ToV1Routes}. */
  public static FaultInjectingHttpProxy start(String upstreamBaseUrl, ProxyRoutes routes) {
    return new FaultInjectingHttpProxy(upstreamBaseUrl, routes);
  }

  /** The proxy's base URL, {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  public int port() {
    return server.port();
  }

  /** Applies {@code fault} to every request from now on, until changed. */
  public void inject(Fault fault) {
    plan.set(Plan.always(fault));
  }

  /** Applies {@code fault} to the next {@code count} requests, then passes through again. */
  public void injectNext(int count, Fault fault) {
    if (count < 0) {
      throw new IllegalArgumentException("negative count: " + count);
    }
    plan.set(new Plan(fault, new AtomicInteger(count)));
  }

  /** Back to forwarding every request unchanged. */
  public void passThrough() {
    inject(Fault.passThrough());
  }

  /**
   * The last {@value #RECORDED_REQUESTS} requests that were forwarded (or delayed, then forwarded),
   * oldest first, as the proxy received them.
   */
  public List<RecordedRequest> recentRequests() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  /**
   * One request as received.
   *
   * @param contentEncoding its {@code Content-Encoding} header, or null
   * @param bodyBytes the length of its body as sent (compressed, if it was)
   */
  public record RecordedRequest(String method, String uri, String contentEncoding, int bodyBytes) {}

  /** How many requests reached the proxy so far (faulted ones included). */
  public long requestCount() {
    return requests.get();
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
    connections.disposeLater().block(Duration.ofSeconds(5));
    loops.disposeLater().block(Duration.ofSeconds(5));
  }

  private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    requests.incrementAndGet();
    Fault fault = plan.get().next();
    if (fault instanceof Fault.DropConnection) {
      request.withConnection(Connection::dispose);
      return Mono.empty();
    }
    if (fault instanceof Fault.Status status) {
      return request
          .receive()
          .then(send(response, status.code(), status.headers(), utf8(status.body())));
    }
    Duration delay = fault instanceof Fault.Delay d ? d.duration() : Duration.ZERO;
    return request
        .receive()
        .aggregate()
        .asByteArray()
        .defaultIfEmpty(EMPTY)
        .doOnNext(body -> record(request, body))
        .delayElement(delay)
        .flatMap(body -> route(request, response, body));
  }

  private void record(HttpServerRequest request, byte[] body) {
    RecordedRequest recorded =
        new RecordedRequest(
            request.method().name(),
            request.uri(),
            request.requestHeaders().get(HttpHeaderNames.CONTENT_ENCODING),
            body.length);
    synchronized (recent) {
      if (recent.size() == RECORDED_REQUESTS) {
        recent.removeFirst();
      }
      recent.addLast(recorded);
    }
  }

  private Mono<Void> route(HttpServerRequest request, HttpServerResponse response, byte[] body) {
    ProxyRoute route = routes.route(request.method().name(), request.uri());
    if (route instanceof ProxyRoute.Answer answer) {
      return send(response, answer);
    }
    ProxyRoute.Forward forward = (ProxyRoute.Forward) route;
    return exchange(request.method(), forward.upstreamUri(), request.requestHeaders(), body)
        .flatMap(
            answer ->
                answer.status() == 404 && forward.ifUpstreamNotFound() != null
                    ? send(response, forward.ifUpstreamNotFound())
                    : relay(response, answer))
        .onErrorResume(
            e ->
                send(
                    response,
                    ProxyRoute.json(
                        502,
                        "{\"code\":\"unavailable\",\"message\":\"test proxy: upstream failed: "
                            + jsonEscape(String.valueOf(e))
                            + "\"}")));
  }

  private Mono<UpstreamAnswer> exchange(
      HttpMethod method, String uri, HttpHeaders incoming, byte[] body) {
    return upstream
        .headers(
            headers -> {
              incoming.forEach(
                  h -> {
                    if (!NOT_FORWARDED.contains(h.getKey().toLowerCase())) {
                      headers.add(h.getKey(), h.getValue());
                    }
                  });
              if (body.length > 0 || !method.equals(HttpMethod.GET)) {
                headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
              }
            })
        .request(method)
        .uri(uri)
        .send(body.length == 0 ? Mono.empty() : Mono.just(Unpooled.wrappedBuffer(body)))
        .responseSingle(
            (head, content) ->
                content
                    .asByteArray()
                    .defaultIfEmpty(EMPTY)
                    .map(
                        bytes ->
                            new UpstreamAnswer(
                                head.status().code(), head.responseHeaders(), bytes)));
  }

  private static Mono<Void> relay(HttpServerResponse response, UpstreamAnswer answer) {
    response.status(answer.status());
    answer
        .headers()
        .forEach(
            h -> {
              if (!NOT_FORWARDED.contains(h.getKey().toLowerCase())) {
                response.addHeader(h.getKey(), h.getValue());
              }
            });
    return body(response, answer.status(), answer.body());
  }

  private static Mono<Void> send(HttpServerResponse response, ProxyRoute.Answer answer) {
    return send(
        response,
        answer.status(),
        Map.of("Content-Type", answer.contentType()),
        utf8(answer.body()));
  }

  private static Mono<Void> send(
      HttpServerResponse response, int status, Map<String, String> headers, byte[] body) {
    response.status(status);
    headers.forEach(response::header);
    return body(response, status, body);
  }

  private static Mono<Void> body(HttpServerResponse response, int status, byte[] body) {
    if (status == 204 || status == 304) {
      return response.send().then();
    }
    response.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(body.length));
    return response.sendByteArray(Mono.just(body)).then();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String jsonEscape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private record UpstreamAnswer(int status, HttpHeaders headers, byte[] body) {}

  /** The injected fault and how many more requests it applies to ({@code null}: all). */
  private record Plan(Fault fault, AtomicInteger remaining) {
    static Plan always(Fault fault) {
      return new Plan(fault, null);
    }

    Fault next() {
      if (remaining == null || remaining.getAndDecrement() > 0) {
        return fault;
      }
      return Fault.passThrough();
    }
  }
}
