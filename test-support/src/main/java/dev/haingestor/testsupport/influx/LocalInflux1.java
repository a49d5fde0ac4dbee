package dev.haingestor.testsupport.influx;

import dev.haingestor.testsupport.InfluxQl;
import dev.haingestor.testsupport.InfluxServer;
import dev.haingestor.testsupport.process.FreePorts;
import dev.haingestor.testsupport.process.LocalProcess;
import dev.haingestor.testsupport.proxy.FaultInjectingHttpProxy;
import dev.haingestor.testsupport.proxy.InfluxV2ToV1Routes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code influxd} 1.x (Debian's package, 1.6.7) as a child process on free loopback ports, with a
 * v2→v1 write proxy in front for v2 clients.
 */
public final class LocalInflux1 implements InfluxServer, AutoCloseable {

  private static final String ORG = "ha-ingestor";

  /** 1.x runs without auth; v2 clients insist on some token. */
  private static final String DUMMY_TOKEN = "no-auth-on-influxdb-1";

  private static final int ATTEMPTS = 3;

  private final LocalProcess process;
  private final String url;
  private final String version;
  private final FaultInjectingHttpProxy v2Proxy;
  private final InfluxQl influxQl;

  private LocalInflux1(LocalProcess process, String url, String version) {
    this.process = process;
    this.url = url;
    this.version = version;
    this.v2Proxy = FaultInjectingHttpProxy.start(url, new InfluxV2ToV1Routes());
    this.influxQl = InfluxQl.v1(url);
  }

  public static LocalInflux1 start(Path influxd, Duration startupTimeout) {
    LocalProcess.ProcessExitedException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      int httpPort = FreePorts.next();
      int rpcPort = FreePorts.next();
      Path directory = LocalProcess.tempDirectory("ha-ingestor-influxd-");
      Path config = writeConfig(directory, httpPort, rpcPort);
      String url = "http://127.0.0.1:" + httpPort;
      LocalProcess process =
          LocalProcess.start(
              "influxd on port " + httpPort,
              directory,
              List.of(influxd.toString(), "-config", config.toString()));
      AtomicReference<String> version = new AtomicReference<>();
      try {
        process.awaitReady(
            () -> {
              InfluxPing.version(url).ifPresent(version::set);
              return version.get() != null;
            },
            startupTimeout);
      } catch (LocalProcess.ProcessExitedException e) {
        last = e;
        continue;
      }
      try {
        return new LocalInflux1(process, url, version.get());
      } catch (RuntimeException e) {
        process.close();
        throw e;
      }
    }
    throw last;
  }

  /**
   * A throwaway configuration: everything under {@code directory}, HTTP and RPC on loopback, no
   * auth, no usage reporting, no internal monitoring database, no listeners we do not use.
   */
  private static Path writeConfig(Path directory, int httpPort, int rpcPort) {
    String config =
        """
        reporting-disabled = true
        bind-address = "127.0.0.1:%2$d"

        [meta]
          dir = "%1$s/meta"

        [data]
          dir = "%1$s/data"
          wal-dir = "%1$s/wal"
          index-version = "inmem"
          query-log-enabled = false

        [http]
          enabled = true
          bind-address = "127.0.0.1:%3$d"
          auth-enabled = false
          log-enabled = false

        [monitor]
          store-enabled = false

        [continuous_queries]
          enabled = false

        [subscriber]
          enabled = false

        [[graphite]]
          enabled = false

        [[collectd]]
          enabled = false

        [[opentsdb]]
          enabled = false

        [[udp]]
          enabled = false
        """
            .formatted(directory, rpcPort, httpPort);
    Path file = directory.resolve("influxd.conf");
    try {
      Files.writeString(file, config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public String v2Url() {
    return v2Proxy.url();
  }

  @Override
  public String org() {
    return ORG;
  }

  @Override
  public String token() {
    return DUMMY_TOKEN;
  }

  @Override
  public String kind() {
    return "local influxd";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String createDatabase(String prefix) {
    String name = DatabaseNames.next(prefix);
    influxQl.query(null, "CREATE DATABASE \"" + name + "\"");
    return name;
  }

  @Override
  public InfluxQl influxQl() {
    return influxQl;
  }

  /** For tests of the harness itself. */
  LocalProcess process() {
    return process;
  }

  @Override
  public void close() {
    try {
      v2Proxy.close();
    } finally {
      process.close();
    }
  }
}
