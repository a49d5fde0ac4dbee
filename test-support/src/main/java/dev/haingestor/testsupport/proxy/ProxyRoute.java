package dev.haingestor.testsupport.proxy;

import java.util.Objects;

/** Where {@link FaultInjectingHttpProxy} sends one request: upstream, or answered by the proxy. */
public sealed interface ProxyRoute {

  /** Forward to {@code upstreamUri} (path and query, relative to the upstream base URL). */
  static ProxyRoute forward(String upstreamUri) {
    return new Forward(upstreamUri, null);
  }

  /** Forward, but answer {@code fallback} if the upstream does not know the path (404). */
  static ProxyRoute forwardOr(String upstreamUri, Answer fallback) {
    return new Forward(upstreamUri, Objects.requireNonNull(fallback, "fallback"));
  }

  /** Answer locally with a JSON body. */
  static Answer json(int status, String body) {
    return new Answer(status, "application/json", body);
  }

  record Forward(String upstreamUri, Answer ifUpstreamNotFound) implements ProxyRoute {
    public Forward {
      if (!upstreamUri.startsWith("/")) {
        throw new IllegalArgumentException("upstream URI must start with '/': " + upstreamUri);
      }
    }
  }

  record Answer(int status, String contentType, String body) implements ProxyRoute {}
}
