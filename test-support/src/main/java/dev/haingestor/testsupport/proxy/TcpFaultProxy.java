package dev.haingestor.testsupport.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test-only TCP proxy on a loopback port, for faults below HTTP and WebSocket: it forwards bytes
 * both ways to one upstream until told to {@link #blackhole()} (a network path that silently stops
 * carrying packets: nothing is forwarded, nothing is closed, new connections hang) or to {@link
 * #refuse()} (the server is down: connections are refused). {@link #forward()} ends either: the
 * connections of the fault are reset (as a router or a rebooted host answers a stale connection)
 * and new ones are forwarded again, on the same port.
 *
 * <p>Plain blocking sockets, two daemon threads per connection: meant for a handful of connections
 * (a WebSocket, an HTTP client's small pool).
 */
public final class TcpFaultProxy implements AutoCloseable {

  private static final int BUFFER = 16 * 1024;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** What the proxy currently does. */
  public enum Mode {
    FORWARD,
    BLACKHOLE,
    REFUSE
  }

  private final InetSocketAddress upstream;
  private volatile int port;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private volatile Mode mode = Mode.FORWARD;
  private volatile boolean closed;
  private ServerSocket listener;
  private Thread acceptor;

  private TcpFaultProxy(InetSocketAddress upstream) {
    this.upstream = upstream;
  }

  /** Starts forwarding a free loopback port to {@code host:port}. */
  public static TcpFaultProxy start(String upstreamHost, int upstreamPort) {
    TcpFaultProxy proxy = new TcpFaultProxy(new InetSocketAddress(upstreamHost, upstreamPort));
    proxy.listen(0);
    return proxy;
  }

  /** The proxy's port on 127.0.0.1; stays the same across {@link #refuse()}. */
  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}, for HTTP and WebSocket clients. */
  public String httpUrl() {
    return "http://127.0.0.1:" + port();
  }

  public Mode mode() {
    return mode;
  }

  /** Connections accepted so far. */
  public long acceptedCount() {
    return accepted.get();
  }

  /** Connections open now (forwarding or held by a fault). */
  public int openCount() {
    return links.size();
  }

  /**
   * Stops carrying bytes, silently: both ends keep their sockets, what they send is discarded, a
   * close by one end is not passed on; new connections are accepted and held without an upstream.
   * Only a heartbeat (or a timeout) can tell the ends that the path is gone.
   */
  public synchronized void blackhole() {
    requireOpen();
    mode = Mode.BLACKHOLE;
  }

  /** The upstream is down: the listening socket closes (connect → refused), open ones are reset. */
  public synchronized void refuse() {
    requireOpen();
    mode = Mode.REFUSE;
    closeListener();
    resetAll();
  }

  /**
   * Ends a fault: resets every connection that lived through it (their ends see a reset) and
   * forwards new connections again, listening on the same port.
   */
  public synchronized void forward() {
    requireOpen();
    Mode previous = mode;
    mode = Mode.FORWARD;
    if (previous == Mode.FORWARD) {
      return;
    }
    resetAll();
    if (previous == Mode.REFUSE) {
      listen(port());
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    closeListener();
    resetAll();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("proxy closed");
    }
  }

  private void listen(int onPort) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
      listener = socket;
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + onPort, e);
    }
    ServerSocket socket = listener;
    acceptor = daemon("tcp-proxy-accept-" + socket.getLocalPort(), () -> acceptLoop(socket));
  }

  /**
   * Closes the listening socket and waits for the accepting thread to leave {@code accept}: until
   * it has, the kernel still completes connections to the port (found by a test that connected 14
   * ms after {@link #refuse()} and got through).
   */
  private void closeListener() {
    if (listener != null) {
      quietly(listener::close);
    }
    if (acceptor != null) {
      try {
        acceptor.join(CONNECT_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void resetAll() {
    for (Link link : links) {
      link.reset();
    }
  }

  private void acceptLoop(ServerSocket socket) {
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        return; // closed by refuse() or close()
      }
      if (mode == Mode.REFUSE) {
        // Accepted in the moment before the listener closed: reset, as a refusal would be.
        quietly(
            () -> {
              client.setSoLinger(true, 0);
              client.close();
            });
        continue;
      }
      accepted.incrementAndGet();
      Link link = new Link(client);
      links.add(link);
      if (mode == Mode.FORWARD) {
        daemon("tcp-proxy-link", link::connectAndPump);
      } else {
        // A black hole: the connection is established but nothing ever answers on it.
        daemon("tcp-proxy-held", () -> link.pump(client, null));
      }
    }
  }

  /** One client connection and, once connected, its upstream connection. */
  private final class Link {

    private final Socket client;
    private volatile Socket server;

    Link(Socket client) {
      this.client = client;
    }

    void connectAndPump() {
      Socket upstreamSocket = new Socket();
      try {
        upstreamSocket.connect(upstream, (int) CONNECT_TIMEOUT.toMillis());
        upstreamSocket.setTcpNoDelay(true);
        client.setTcpNoDelay(true);
      } catch (IOException e) {
        // The upstream refuses: so does the proxy, as far as a client can tell.
        quietly(upstreamSocket::close);
        reset();
        return;
      }
      server = upstreamSocket;
      daemon("tcp-proxy-down", () -> pump(upstreamSocket, client));
      pump(client, upstreamSocket);
    }

    /** Copies {@code from} to {@code to} (discarding while blackholed) until one side ends. */
    void pump(Socket from, Socket to) {
      byte[] buffer = new byte[BUFFER];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to == null ? null : to.getOutputStream();
        while (true) {
          int read = in.read(buffer);
          if (read < 0) {
            break;
          }
          if (mode == Mode.FORWARD && out != null) {
            out.write(buffer, 0, read);
            out.flush();
          }
        }
      } catch (IOException e) {
        // a reset or a close of either side ends the copy
      }
      if (mode == Mode.FORWARD) {
        close();
      }
      // Blackholed: the end of one side is not passed on; forward() resets what is left.
    }

    /** Ends both sides with a TCP reset (SO_LINGER 0), as a stale connection is answered. */
    void reset() {
      links.remove(this);
      abort(client);
      Socket upstreamSocket = server;
      if (upstreamSocket != null) {
        abort(upstreamSocket);
      }
    }

    private void close() {
      links.remove(this);
      quietly(client::close);
      Socket upstreamSocket = server;
      if (upstreamSocket != null) {
        quietly(upstreamSocket::close);
      }
    }

    private void abort(Socket socket) {
      try {
        socket.setSoLinger(true, 0);
      } catch (SocketException e) {
        // already closed: nothing to reset
      }
      quietly(socket::close);
    }
  }

  private static Thread daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void quietly(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      // closing during a fault: the socket is gone either way
    }
  }
}
