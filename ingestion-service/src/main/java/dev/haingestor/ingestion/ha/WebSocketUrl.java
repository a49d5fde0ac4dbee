package dev.haingestor.ingestion.ha;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Derives HA's WebSocket endpoint from what users paste into {@code HA_URL}: the address of the UI
 * ({@code http://homeassistant.local:8123}), a {@code ws://} address, or the full endpoint. A path
 * (HA behind a reverse proxy under a sub-path) is kept.
 */
public final class WebSocketUrl {

  static final String ENDPOINT_PATH = "/api/websocket";

  private WebSocketUrl() {}

  /**
   * @throws IllegalArgumentException if the text is not an http(s) or ws(s) URL with a host
   */
  public static URI derive(String haUrl) {
    if (haUrl == null || haUrl.isBlank()) {
      throw new IllegalArgumentException("HA URL is empty");
    }
    URI uri;
    try {
      uri = new URI(haUrl.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + haUrl, e);
    }
    String scheme = websocketScheme(uri.getScheme());
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("HA URL has no host: " + haUrl);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (!path.endsWith(ENDPOINT_PATH)) {
      path = path + ENDPOINT_PATH;
    }
    try {
      return new URI(scheme, uri.getUserInfo(), uri.getHost(), uri.getPort(), path, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + haUrl, e);
    }
  }

  private static String websocketScheme(String scheme) {
    if (scheme == null) {
      throw new IllegalArgumentException(
          "HA URL needs a scheme: http://, https://, ws:// or wss://");
    }
    return switch (scheme.toLowerCase(Locale.ROOT)) {
      case "http", "ws" -> "ws";
      case "https", "wss" -> "wss";
      default ->
          throw new IllegalArgumentException(
              "HA URL scheme must be http, https, ws or wss, not " + scheme);
    };
  }
}
