package dev.haingestor.simulator.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket client on a plain socket, for what a library client hides: whether a close frame
 * came, unanswered pings, a client that stops reading, frames sent before reading anything. Reads
 * block for at most the read timeout (a test fails then rather than hangs).
 */
public final class RawWebSocketClient implements AutoCloseable {

  public static final int TEXT = 0x1;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  /** One frame as received; payload may be cut short when the connection ended mid-frame. */
  public record Frame(int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close code of a close frame, or -1 if it has none. */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final SecureRandom random = new SecureRandom();

  private RawWebSocketClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects and completes the opening handshake; reads nothing after the 101 response. */
  public static RawWebSocketClient connect(URI uri) throws IOException {
    return connect(uri, 0);
  }

  /**
   * @param receiveBuffer the socket's receive buffer in bytes, small to make a non-reading client
   *     back up the server quickly; 0 for the system default
   */
  public static RawWebSocketClient connect(URI uri, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
    socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
    RawWebSocketClient client = new RawWebSocketClient(socket);
    client.handshake(uri);
    return client;
  }

  private void handshake(URI uri) throws IOException {
    byte[] key = new byte[16];
    random.nextBytes(key);
    String request =
        "GET "
            + uri.getPath()
            + " HTTP/1.1\r\n"
            + "Host: "
            + uri.getHost()
            + ":"
            + uri.getPort()
            + "\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(key)
            + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String response = readHeaders(in);
    if (!response.startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + response);
    }
  }

  private static String readHeaders(InputStream in) throws IOException {
    ByteArrayOutputStream headers = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed during the handshake");
      }
      headers.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return headers.toString(StandardCharsets.US_ASCII);
  }

  public void sendText(String text) throws IOException {
    send(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  public void sendPong(byte[] payload) throws IOException {
    send(PONG, payload);
  }

  /** Sends one masked frame, as a client must. */
  private void send(int opcode, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65_536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xFF);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift) & 0xFF);
      }
    }
    byte[] mask = new byte[4];
    random.nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** The next frame, or {@code null} at the end of the stream (FIN or reset). */
  public Frame readFrame() throws IOException {
    try {
      int first = in.read();
      if (first < 0) {
        return null;
      }
      int second = in.readUnsignedByte();
      long length = second & 0x7F;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[(int) length];
      int read = 0;
      while (read < payload.length) {
        int n = in.read(payload, read, payload.length - read);
        if (n < 0) {
          return null;
        }
        read += n;
      }
      return new Frame(first & 0x0F, payload);
    } catch (EOFException | SocketException endOfStream) {
      return null;
    }
  }

  /** The next text frame's content; fails on anything else. */
  public String readText() throws IOException {
    Frame frame = readFrame();
    if (frame == null || frame.opcode() != TEXT) {
      throw new IOException("expected a text frame, got " + describe(frame));
    }
    return frame.text();
  }

  /**
   * Reads until the connection ends.
   *
   * @return the close frame received on the way, or {@code null} if the connection ended without
   *     one
   */
  public Frame readUntilEnd() throws IOException {
    Frame close = null;
    Frame frame;
    while ((frame = readFrame()) != null) {
      if (frame.opcode() == CLOSE) {
        close = frame;
      }
    }
    return close;
  }

  public static String describe(Frame frame) {
    return frame == null ? "end of stream" : "opcode " + frame.opcode() + ": " + frame.text();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
