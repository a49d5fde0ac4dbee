package dev.haingestor.testsupport;

/** A real Redis 7 that integration tests talk to; shared by the whole test JVM. */
public interface RedisServer {

  String host();

  int port();

  /** The password, or {@code null} when the server has none. */
  String password();

  /** How the server runs, e.g. {@code "local redis-server"} or {@code "docker redis:7"}. */
  String kind();

  /** The server's version as it reports it ({@code INFO server}). */
  String version();
}
