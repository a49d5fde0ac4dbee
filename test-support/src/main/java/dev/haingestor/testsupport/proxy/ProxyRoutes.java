package dev.haingestor.testsupport.proxy;

/** Maps an incoming request (method and URI with query) to a {@link ProxyRoute}. */
@FunctionalInterface
public interface ProxyRoutes {

  /** Every request goes upstream unchanged. */
  ProxyRoutes PASS_THROUGH = (method, uri) -> ProxyRoute.forward(uri);

  ProxyRoute route(String method, String uri);
}
