package dev.haingestor.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for servers that need their port on the command line. */
public final class FreePorts {

  private FreePorts() {}

  /**
   * A port that was free a moment ago. Another process may take it before the server binds it;
   * {@link LocalProcess} callers retry on an early exit for that reason.
   */
  public static int next() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(false);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
