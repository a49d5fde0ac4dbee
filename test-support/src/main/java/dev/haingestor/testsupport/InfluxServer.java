package dev.haingestor.testsupport;

/** A real InfluxDB that integration tests talk to; shared by the whole test JVM. */
public interface InfluxServer {

  /**
   * Base URL answering the v1 API: {@code /write?db=}, {@code /query} (InfluxQL), {@code /ping}. On
   * InfluxDB 2.x it is the server's own URL and needs {@link #token()} as {@code Authorization:
   * Token …}.
   */
  String url();

  /**
   * Base URL answering {@code /api/v2/write}: the real 2.x server, or a test-only v2→v1 proxy in
   * front of InfluxDB 1.x (which has no v2 write API before 1.8).
   */
  String v2Url();

  /** The organisation, {@code "ha-ingestor"}; InfluxDB 1.x ignores it. */
  String org();

  /** The admin token on 2.x; a dummy non-empty string on 1.x, which runs without auth. */
  String token();

  /** How the server runs, e.g. {@code "local influxd"} or {@code "docker influxdb:2.7"}. */
  String kind();

  /** The server's version as it reports it ({@code X-Influxdb-Version} of {@code /ping}). */
  String version();

  /**
   * Creates a fresh, uniquely named database (1.x) or bucket (2.x, reachable through the v1 API by
   * its virtual DBRP mapping of the same name), so that each test writes and reads in isolation.
   *
   * @param prefix letters, digits and underscores; the name starts with it
   * @return the name, usable as v1 {@code db} and as v2 {@code bucket}
   */
  String createDatabase(String prefix);

  /** A small InfluxQL/v1 client for test data and assertions. */
  InfluxQl influxQl();
}
