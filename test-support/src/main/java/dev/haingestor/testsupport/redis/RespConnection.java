package dev.haingestor.testsupport.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking Redis client speaking RESP2 over a raw socket: enough to probe a server (PING,
 * INFO) and to drive a few commands in tests without a client library. Replies: simple and bulk
 * strings as {@link String}, integers as {@link Long}, arrays as {@link List}, nil as {@code null};
 * error replies throw {@link RedisErrorReply}.
 */
public final class RespConnection implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RespConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects; {@code timeout} bounds the connect and every later read. */
  public static RespConnection open(String host, int port, Duration timeout) {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      return new RespConnection(socket);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new UncheckedIOException("cannot connect to Redis at " + host + ":" + port, e);
    }
  }

  /** True when a Redis at host:port answers PING with PONG within {@code timeout}. */
  public static boolean answersPing(String host, int port, Duration timeout) {
    try (RespConnection redis = open(host, port, timeout)) {
      return "PONG".equals(redis.command("PING"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Sends one command and reads its reply. */
  public Object command(String... args) {
    try {
      out.write(encode(args));
      out.flush();
      return read();
    } catch (IOException e) {
      throw new UncheckedIOException("Redis command " + args[0] + " failed", e);
    }
  }

  /** The value of one field of {@code INFO server}, e.g. {@code redis_version}. */
  public String infoField(String field) {
    String info = (String) command("INFO", "server");
    for (String line : info.split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    return "unknown";
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  private static byte[] encode(String... args) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    buffer.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      buffer.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buffer.writeBytes(bytes);
      buffer.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return buffer.toByteArray();
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("Redis closed the connection");
    }
    String line = readLine();
    return switch (type) {
      case '+' -> line;
      case '-' -> throw new RedisErrorReply(line);
      case ':' -> Long.parseLong(line);
      case '$' -> readBulk(Integer.parseInt(line));
      case '*' -> readArray(Integer.parseInt(line));
      default -> throw new IOException("unexpected RESP type '" + (char) type + "'" + line);
    };
  }

  private String readBulk(int length) throws IOException {
    if (length < 0) {
      return null;
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
      throw new EOFException("truncated bulk string");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private List<Object> readArray(int length) throws IOException {
    if (length < 0) {
      return null;
    }
    List<Object> items = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      items.add(read());
    }
    return items;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("Redis closed the connection mid-reply");
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      line.write(b);
      previous = b;
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a probe socket cannot fail in a way a test could act on.
    }
  }

  /** Redis answered with an error reply ({@code -ERR …}). */
  public static final class RedisErrorReply extends RuntimeException {
    RedisErrorReply(String message) {
      super(message);
    }
  }
}
