package dev.haingestor.testsupport.process;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for a service jar in {@link ServiceJarTest}: answers the readiness probe on {@code
 * SERVER_PORT} and {@code /env/NAME} with the variable's value (404 when unset). With {@code
 * STUB_EXIT} set it prints a message and exits instead, as a misconfigured service does. JDK only,
 * so that the test can pack this one class into a jar.
 */
public final class ReadinessStub {

  private ReadinessStub() {}

  public static void main(String[] args) throws IOException {
    if (System.getenv("STUB_EXIT") != null) {
      System.out.println("stub refuses to start: " + System.getenv("STUB_EXIT"));
      System.exit(3);
    }
    int port = Integer.parseInt(System.getenv("SERVER_PORT"));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(
        "/actuator/health/readiness", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
    server.createContext(
        "/env/",
        exchange -> {
          String name = exchange.getRequestURI().getPath().substring("/env/".length());
          String value = System.getenv(name);
          answer(exchange, value == null ? 404 : 200, value == null ? "" : value);
        });
    server.start();
    System.out.println("stub listening on " + port);
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
