package dev.haingestor.admin.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.AdminApiIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Request smuggling and header-injection attempts on a raw socket (issue 8, "Hostile input" 2):
 * ambiguous message framing (two Content-Lengths, Transfer-Encoding with Content-Length, bad chunk
 * sizes), CR/LF tricks in header lines, a space before the colon, huge headers. Each attempt
 * carries a smuggled second request that would read the configuration without a key. The server
 * must refuse the ambiguous request or frame it as RFC 9112 says (Transfer-Encoding wins), never
 * answer the smuggled request as if it were authenticated, never answer 5xx or leak anything, and
 * keep serving fresh connections.
 */
class HttpSmugglingIT extends AdminApiIntegrationTest {

  private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/1\\.1 (\\d{3})");
  private static final String SMUGGLED = "GET /api/v1/config HTTP/1.1\r\nHost: x\r\n\r\n";

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    realServers(registry, HttpSmugglingIT.class, "admin_smuggling_unused");
    apiKeys(registry);
    registry.add("admin.rate-limit.requests-per-second", () -> "100000");
    registry.add("admin.rate-limit.auth-failures-per-minute", () -> "100000");
  }

  private final List<String> secrets = SafeResponses.secrets(ADMIN_KEY, READ_KEY);

  @Test
  void refusesTwoDifferentContentLengths() throws IOException {
    List<Integer> statuses =
        attempt(
            "POST /api/v1/dead-letters/replay HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: "
                + (2 + SMUGGLED.length())
                + "\r\n\r\n{}"
                + SMUGGLED);

    assertThat(statuses).first().isEqualTo(400);
  }

  @Test
  void framesTransferEncodingOverContentLengthAndAnswersTheNextRequestOnItsOwn()
      throws IOException {
    List<Integer> statuses =
        attempt(
            "POST /api/v1/dead-letters/replay HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
                + SMUGGLED);

    // Refused outright, or framed by Transfer-Encoding: then the smuggled request is a request of
    // its own, without a key (401) — read by Content-Length, its remains would be garbage (400).
    boolean refused = !statuses.isEmpty() && statuses.get(0) == 400;
    assertThat(refused || statuses.equals(List.of(401, 401)))
        .as("refused, or two requests of their own: %s", statuses)
        .isTrue();
  }

  @Test
  void refusesObscureTransferEncodings() throws IOException {
    for (String encoding : List.of("xchunked", "chunked, identity", "identity", "chunked\u000b")) {
      List<Integer> statuses =
          attempt(
              "POST /api/v1/dead-letters/replay HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                  + "Transfer-Encoding: "
                  + encoding
                  + "\r\n\r\n0\r\n\r\n"
                  + SMUGGLED);

      assertThat(statuses).as(encoding).isNotEmpty().allMatch(s -> s >= 400 && s < 500);
    }
  }

  @Test
  void refusesBadChunkSizes() throws IOException {
    for (String size : List.of("fffffffffffffffffffff", "-1", "0x2", "2;" + "x".repeat(9000))) {
      List<Integer> statuses =
          attempt(
              "POST /api/v1/dead-letters/replay HTTP/1.1\r\nHost: x\r\nX-API-Key: "
                  + ADMIN_KEY
                  + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + size
                  + "\r\n{}\r\n0\r\n\r\n"
                  + SMUGGLED);

      assertThat(statuses).as(size).isNotEmpty();
      assertThat(statuses.get(0)).as(size).isBetween(400, 499);
    }
  }

  @Test
  void refusesASpaceBeforeTheColonAndFoldedOrSplitHeaders() throws IOException {
    List<String> attempts =
        List.of(
            // RFC 9112 §5.1: a space before the colon must be refused with 400.
            "POST /api/v1/dead-letters/replay HTTP/1.1\r\nHost: x\r\nContent-Length : 2\r\n\r\n{}"
                + SMUGGLED,
            // obs-fold: the admin key on a continuation line must not authenticate.
            "PUT /api/v1/config HTTP/1.1\r\nHost: x\r\nX-API-Key: wrong\r\n "
                + ADMIN_KEY
                + "\r\nContent-Length: 2\r\n\r\n{}",
            // A bare CR inside a header value, hiding a second header.
            "PUT /api/v1/config HTTP/1.1\r\nHost: x\r\nX-Note: a\rX-API-Key: "
                + ADMIN_KEY
                + "\r\nContent-Length: 2\r\n\r\n{}",
            // A NUL in a header value.
            "GET /api/v1/config HTTP/1.1\r\nHost: x\r\nX-API-Key: " + READ_KEY + "\u0000\r\n\r\n",
            // Two Host headers.
            "GET /api/v1/config HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n");
    for (String request : attempts) {
      List<Integer> statuses = attempt(request);

      assertThat(statuses)
          .as(request)
          .isNotEmpty()
          .allMatch(s -> s >= 400 && s < 500, "4xx only (never the smuggled config, never 5xx)");
    }
  }

  @Test
  void refusesHugeHeadersAndKeepsServing() throws IOException {
    List<Integer> statuses =
        attempt(
            "GET /api/v1/health/live HTTP/1.1\r\nHost: x\r\nX-Filler: "
                + "a".repeat(100 * 1024)
                + "\r\n\r\n");

    assertThat(statuses).isNotEmpty();
    assertThat(statuses.get(0)).isBetween(400, 499);
  }

  @Test
  void answersPathsThatAreNoValidUriWithAProblem() throws IOException {
    for (String path : List.of("/api/v1/entities/a|b", "/api/v1/entities/%zz", "/api/v1/x\"{}")) {
      String answer =
          roundTrip(
              "GET "
                  + path
                  + " HTTP/1.1\r\nHost: x\r\nX-API-Key: "
                  + READ_KEY
                  + "\r\nConnection: close\r\n\r\n");

      assertThat(answer).as(path).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
      assertThat(answer).as(path).doesNotContain("Exception", "at dev.");
    }
  }

  /**
   * Sends the bytes on a fresh connection, reads whatever comes back until the server closes or
   * stays silent, checks every answer (no 5xx, no stack trace, no secret) and that a fresh
   * connection is still served.
   *
   * @return the status of every response on the connection, in order
   */
  private List<Integer> attempt(String request) throws IOException {
    String answer = roundTrip(request);
    List<Integer> statuses = new ArrayList<>();
    Matcher matcher = STATUS_LINE.matcher(answer);
    while (matcher.find()) {
      statuses.add(Integer.parseInt(matcher.group(1)));
    }
    assertThat(statuses).as("answers to %s: %s", abbreviate(request), answer).hasSizeLessThan(3);
    assertThat(statuses).as(answer).allMatch(s -> s < 500);
    for (String marker : SafeResponses.STACK_TRACE_MARKERS) {
      assertThat(answer).doesNotContain(marker);
    }
    for (String secret : secrets) {
      assertThat(answer).doesNotContain(secret);
    }
    assertThat(answer).as("the smuggled config read").doesNotContain("\"version\"");
    String fresh =
        roundTrip("GET /api/v1/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(fresh).startsWith("HTTP/1.1 200");
    return statuses;
  }

  private String roundTrip(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(800);
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (SocketException e) {
        // The server may refuse and close before reading everything: its answer still counts.
      }
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        int n;
        while ((n = in.read(buffer)) != -1 && received.size() < 1 << 20) {
          received.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException | SocketException e) {
        // Keep-alive connections stay open; a reset after a refusal is an end too.
      }
      return received.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
