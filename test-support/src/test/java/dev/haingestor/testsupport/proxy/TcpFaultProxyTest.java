package dev.haingestor.testsupport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpFaultProxyTest {

  private ServerSocket echoServer;
  private TcpFaultProxy proxy;

  @BeforeEach
  void startEchoServerAndProxy() throws IOException {
    echoServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!echoServer.isClosed()) {
                try {
                  Socket socket = echoServer.accept();
                  Thread echo = new Thread(() -> echo(socket));
                  echo.setDaemon(true);
                  echo.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    proxy = TcpFaultProxy.start("127.0.0.1", echoServer.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echoServer.close();
  }

  @Test
  void forwardsBothWays() throws IOException {
    try (Socket socket = connect()) {
      assertThat(roundTrip(socket, "hello")).isEqualTo("hello");
    }
  }

  @Test
  void aBlackholeCarriesNothingAndClosesNothingUntilForwardResetsIt() throws IOException {
    try (Socket before = connect()) {
      assertThat(roundTrip(before, "one")).isEqualTo("one");
      proxy.blackhole();
      before.getOutputStream().write("lost".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> before.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      try (Socket during = connect()) {
        during.getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> during.getInputStream().read())
            .isInstanceOf(SocketTimeoutException.class);

        proxy.forward();
        assertThatThrownBy(() -> readOrFail(before)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> readOrFail(during)).isInstanceOf(IOException.class);
      }
    }
    try (Socket after = connect()) {
      assertThat(roundTrip(after, "two")).isEqualTo("two");
    }
  }

  @Test
  void refusingClosesThePortAndForwardListensOnItAgain() throws IOException {
    int port = proxy.port();
    proxy.refuse();
    assertThat(nothingListensOn(port)).isTrue();
    proxy.forward();
    assertThat(proxy.port()).isEqualTo(port);
    try (Socket socket = connect()) {
      assertThat(roundTrip(socket, "back")).isEqualTo("back");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.acceptedCount() >= 1);
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", proxy.port()), 1000);
    socket.setSoTimeout(500);
    return socket;
  }

  /**
   * A connect to a port nobody listens on is refused, except when the kernel happens to pick the
   * same port as the client's own ephemeral port: then the socket connects to itself (TCP
   * simultaneous open), which still means that nothing listens there.
   */
  private static boolean nothingListensOn(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return socket.getLocalPort() == port;
    } catch (IOException refused) {
      return true;
    }
  }

  /** An answer is expected here: a busy machine gets longer than the 500 ms a silence is given. */
  private static String roundTrip(Socket socket, String text) throws IOException {
    int silence = socket.getSoTimeout();
    socket.setSoTimeout(5000);
    try {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      socket.getOutputStream().write(bytes);
      byte[] answer = socket.getInputStream().readNBytes(bytes.length);
      return new String(answer, StandardCharsets.UTF_8);
    } finally {
      socket.setSoTimeout(silence);
    }
  }

  /** A reset shows as an exception or as the end of the stream; both count as "closed". */
  private static void readOrFail(Socket socket) throws IOException {
    if (socket.getInputStream().read() < 0) {
      throw new IOException("closed");
    }
  }

  private static void echo(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream()) {
      byte[] buffer = new byte[1024];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        socket.getOutputStream().write(buffer, 0, read);
      }
    } catch (IOException e) {
      // the test closed it
    }
  }
}
